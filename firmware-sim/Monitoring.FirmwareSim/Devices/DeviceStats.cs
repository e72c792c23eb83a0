namespace Monitoring.FirmwareSim.Devices;

/// <summary>What one simulated device has done so far.</summary>
public sealed class DeviceStats
{
    public long Messages { get; internal set; }

    public long Readings { get; internal set; }

    public long Events { get; internal set; }

    public long Buffered { get; internal set; }

    public long Batches { get; internal set; }

    public int LargestBatch { get; internal set; }

    public long Outages { get; internal set; }
}
