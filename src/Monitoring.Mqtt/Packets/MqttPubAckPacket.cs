namespace Monitoring.Mqtt.Packets;

/// <summary>PUBACK (spec 3.4).</summary>
internal sealed class MqttPubAckPacket : MqttPacket
{
    public MqttPubAckPacket(ushort packetId)
    {
        PacketId = packetId;
    }

    public override MqttPacketType Type => MqttPacketType.PubAck;

    public ushort PacketId { get; }
}
