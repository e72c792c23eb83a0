namespace Monitoring.FirmwareSim.Devices;

/// <summary>
/// Where the broker listens, and how to reach it: plain TCP, or TLS when <paramref name="Tls"/> is set
/// (the broker's certificate checked against <paramref name="CaFile"/>, a PEM file, or else the system's
/// trusted roots), as devices reach the deployment's port 8883 (docs/operations.md, "TLS for devices").
/// </summary>
public sealed record MqttEndpoint(string Host, int Port, bool Tls = false, string? CaFile = null);
