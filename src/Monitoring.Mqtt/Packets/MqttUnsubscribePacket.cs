namespace Monitoring.Mqtt.Packets;

/// <summary>UNSUBSCRIBE (spec 3.10).</summary>
internal sealed class MqttUnsubscribePacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Unsubscribe;

    public ushort PacketId { get; init; }

    public required IReadOnlyList<string> Filters { get; init; }
}
