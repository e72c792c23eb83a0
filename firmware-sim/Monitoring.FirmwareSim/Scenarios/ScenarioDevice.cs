using Monitoring.FirmwareSim.Devices;

namespace Monitoring.FirmwareSim.Scenarios;

/// <summary>
/// A device of the scenario's patient (one per kind). <see cref="Every"/> is real time for oximeters
/// and wearables and story time for thermometers (see <see cref="DeviceSettings"/>).
/// </summary>
public sealed record ScenarioDevice(DeviceKind Kind, TimeSpan Every, double Battery);
