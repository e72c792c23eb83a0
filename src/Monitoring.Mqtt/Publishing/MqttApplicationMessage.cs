namespace Monitoring.Mqtt;

/// <summary>A message to publish. The payload is not copied: do not change it until <c>PublishAsync</c> completes.</summary>
public sealed record MqttApplicationMessage(
    string Topic,
    ReadOnlyMemory<byte> Payload,
    MqttQualityOfService Qos = MqttQualityOfService.AtMostOnce,
    bool Retain = false);
