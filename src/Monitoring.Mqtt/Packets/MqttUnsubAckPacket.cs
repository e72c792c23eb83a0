namespace Monitoring.Mqtt.Packets;

/// <summary>UNSUBACK (spec 3.11).</summary>
internal sealed class MqttUnsubAckPacket : MqttPacket
{
    public MqttUnsubAckPacket(ushort packetId)
    {
        PacketId = packetId;
    }

    public override MqttPacketType Type => MqttPacketType.UnsubAck;

    public ushort PacketId { get; }
}
