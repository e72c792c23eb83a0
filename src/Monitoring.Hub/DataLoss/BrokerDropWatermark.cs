namespace Monitoring.Hub.DataLoss;

/// <summary>The row of <c>broker_drop_watermark</c> (Dapper reads it).</summary>
internal sealed class BrokerDropWatermark
{
    public DateTimeOffset BrokerStartedAt { get; set; }

    public long Dropped { get; set; }
}
