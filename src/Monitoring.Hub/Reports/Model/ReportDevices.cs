namespace Monitoring.Hub.Reports.Model;

/// <summary>
/// The clinic's devices at the day's end: issued (on a patient), free (registered, not revoked, on no one),
/// silent and low on battery (open device_silent / battery_low alarms).
/// </summary>
public sealed record ReportDevices(int Issued, int Free, int Silent, int BatteryLow);
