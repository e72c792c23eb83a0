namespace Monitoring.Mqtt.Packets;

/// <summary>PUBCOMP (spec 3.7).</summary>
internal sealed class MqttPubCompPacket : MqttPacket
{
    public MqttPubCompPacket(ushort packetId)
    {
        PacketId = packetId;
    }

    public override MqttPacketType Type => MqttPacketType.PubComp;

    public ushort PacketId { get; }
}
