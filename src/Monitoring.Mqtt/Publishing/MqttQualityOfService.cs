namespace Monitoring.Mqtt;

/// <summary>Delivery guarantee of a message (spec 4.3).</summary>
public enum MqttQualityOfService : byte
{
    AtMostOnce = 0,
    AtLeastOnce = 1,
    ExactlyOnce = 2,
}
