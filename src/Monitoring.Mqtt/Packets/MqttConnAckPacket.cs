namespace Monitoring.Mqtt.Packets;

/// <summary>CONNACK (spec 3.2).</summary>
internal sealed class MqttConnAckPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.ConnAck;

    public bool SessionPresent { get; init; }

    public MqttConnectReturnCode ReturnCode { get; init; }
}
