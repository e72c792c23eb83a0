using Monitoring.FirmwareSim.Devices;

namespace Monitoring.FirmwareSim.Scenarios;

/// <summary>A reported symptom or warning sign (<c>dyspnea</c>, <c>child_warning</c>, ...) from a device's button or app.</summary>
public sealed record SymptomEvent(TimeSpan At, string Path, DeviceKind Device, string Value) : ScenarioEvent(At, Path);
