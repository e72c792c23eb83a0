namespace Monitoring.Mqtt.Internal;

/// <summary>A Connected (<see cref="IsConnected"/>) or Disconnected notification waiting for the event task.</summary>
internal readonly record struct ConnectionEvent(bool IsConnected, MqttConnectionEventArgs Args);
