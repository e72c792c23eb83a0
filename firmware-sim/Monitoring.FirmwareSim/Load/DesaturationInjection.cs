namespace Monitoring.FirmwareSim.Load;

/// <summary>
/// A desaturation injected at a known time (for the alarm-latency benchmark): the device's next
/// <see cref="Readings"/> messages carry SpO2 <see cref="Nadir"/>, enough for the hub's rule (two
/// consecutive readings or 10 s, clinical-rules §2).
/// </summary>
public sealed record DesaturationInjection(int Number, int DeviceIndex, DateTimeOffset ScheduledAt, int Readings, double Nadir);
