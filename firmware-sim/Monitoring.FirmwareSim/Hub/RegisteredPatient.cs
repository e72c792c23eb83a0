namespace Monitoring.FirmwareSim.Hub;

/// <summary>A patient the hub now knows, with the broker password of each of its devices (by device id).</summary>
public sealed record RegisteredPatient(HubPatient Patient, IReadOnlyDictionary<string, string> DeviceSecrets);
