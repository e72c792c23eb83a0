namespace Monitoring.Domain.Alarms;

/// <summary>The newest battery reading of one device.</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="LastAt">The own time of its newest battery reading.</param>
/// <param name="Low">That reading was at or below the threshold.</param>
public sealed record BatteryDeviceState(string DeviceId, DateTimeOffset LastAt, bool Low);
