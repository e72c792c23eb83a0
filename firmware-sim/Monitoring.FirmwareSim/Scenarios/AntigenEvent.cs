using Monitoring.FirmwareSim.Devices;

namespace Monitoring.FirmwareSim.Scenarios;

/// <summary>An antigen self-test result reported from a device.</summary>
public sealed record AntigenEvent(TimeSpan At, string Path, DeviceKind Device, bool Positive) : ScenarioEvent(At, Path);
