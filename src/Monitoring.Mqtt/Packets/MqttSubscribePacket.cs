namespace Monitoring.Mqtt.Packets;

/// <summary>SUBSCRIBE (spec 3.8).</summary>
internal sealed class MqttSubscribePacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Subscribe;

    public ushort PacketId { get; init; }

    public required IReadOnlyList<MqttTopicFilter> Filters { get; init; }
}
