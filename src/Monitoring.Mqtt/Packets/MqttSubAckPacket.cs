namespace Monitoring.Mqtt.Packets;

/// <summary>SUBACK (spec 3.9).</summary>
internal sealed class MqttSubAckPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.SubAck;

    public ushort PacketId { get; init; }

    public required IReadOnlyList<MqttSubscribeReturnCode> ReturnCodes { get; init; }
}
