namespace Monitoring.Mqtt;

/// <summary>The message the broker publishes when the client goes away without DISCONNECT (spec 3.1.2.5).</summary>
public sealed record MqttWill(
    string Topic,
    ReadOnlyMemory<byte> Payload,
    MqttQualityOfService Qos = MqttQualityOfService.AtMostOnce,
    bool Retain = false);
