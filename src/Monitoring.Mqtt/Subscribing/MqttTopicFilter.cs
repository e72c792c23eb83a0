namespace Monitoring.Mqtt;

/// <summary>A topic filter with the maximum QoS requested for it (spec 3.8.3).</summary>
public sealed record MqttTopicFilter(string Filter, MqttQualityOfService Qos = MqttQualityOfService.AtLeastOnce);
