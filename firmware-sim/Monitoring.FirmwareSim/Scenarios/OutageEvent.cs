using Monitoring.FirmwareSim.Devices;

namespace Monitoring.FirmwareSim.Scenarios;

/// <summary>The device loses connectivity for <see cref="Duration"/> of story time, buffers, and uploads one batch when back.</summary>
public sealed record OutageEvent(TimeSpan At, string Path, DeviceKind Device, TimeSpan Duration) : ScenarioEvent(At, Path);
