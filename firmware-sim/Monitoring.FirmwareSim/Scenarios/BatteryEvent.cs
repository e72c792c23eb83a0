using Monitoring.FirmwareSim.Devices;

namespace Monitoring.FirmwareSim.Scenarios;

/// <summary>The device's battery is at <see cref="Level"/> % from then on (it keeps draining).</summary>
public sealed record BatteryEvent(TimeSpan At, string Path, DeviceKind Device, double Level) : ScenarioEvent(At, Path);
