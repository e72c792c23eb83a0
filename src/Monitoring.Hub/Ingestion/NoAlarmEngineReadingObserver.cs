namespace Monitoring.Hub.Ingestion;

/// <summary>Registered while no alarm engine is: readings go to InfluxDB only and nothing alarms on them.</summary>
public sealed class NoAlarmEngineReadingObserver : IReadingObserver
{
    public ValueTask OnReadingsAsync(IReadOnlyList<AttributedReading> readings, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
