namespace Monitoring.FirmwareSim.Devices;

/// <summary>Where the broker listens.</summary>
public sealed record MqttEndpoint(string Host, int Port);
