namespace Monitoring.Mqtt.Packets;

/// <summary>A decoded MQTT 3.1.1 control packet.</summary>
internal abstract class MqttPacket
{
    public abstract MqttPacketType Type { get; }
}
