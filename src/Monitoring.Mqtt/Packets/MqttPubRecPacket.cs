namespace Monitoring.Mqtt.Packets;

/// <summary>PUBREC (spec 3.5).</summary>
internal sealed class MqttPubRecPacket : MqttPacket
{
    public MqttPubRecPacket(ushort packetId)
    {
        PacketId = packetId;
    }

    public override MqttPacketType Type => MqttPacketType.PubRec;

    public ushort PacketId { get; }
}
