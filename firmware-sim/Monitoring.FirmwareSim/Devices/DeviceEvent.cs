namespace Monitoring.FirmwareSim.Devices;

/// <summary>A reported event (contract, events topic): a string value (<c>vs</c>) or a boolean (<c>vb</c>).</summary>
public readonly record struct DeviceEvent(string Name, string? Text, bool? Flag, DateTimeOffset Time);
