namespace Monitoring.Mqtt.Packets;

/// <summary>PUBREL (spec 3.6).</summary>
internal sealed class MqttPubRelPacket : MqttPacket
{
    public MqttPubRelPacket(ushort packetId)
    {
        PacketId = packetId;
    }

    public override MqttPacketType Type => MqttPacketType.PubRel;

    public ushort PacketId { get; }
}
