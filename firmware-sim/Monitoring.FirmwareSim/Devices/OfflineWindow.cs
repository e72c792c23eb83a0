namespace Monitoring.FirmwareSim.Devices;

/// <summary>A stretch of story time without connectivity (no signal, phone out of range, router off).</summary>
public sealed record OfflineWindow(DateTimeOffset Start, TimeSpan Duration)
{
    public DateTimeOffset End => Start + Duration;

    public bool Contains(DateTimeOffset time) => time >= Start && time < End;
}
