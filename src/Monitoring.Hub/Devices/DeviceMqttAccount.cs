namespace Monitoring.Hub.Devices;

/// <summary>How the device connects: client id and username are its id, and it publishes under <see cref="TopicPrefix"/>.</summary>
public sealed record DeviceMqttAccount(string ClientId, string Username, string TopicPrefix);
