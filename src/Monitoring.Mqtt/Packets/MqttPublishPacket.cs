namespace Monitoring.Mqtt.Packets;

/// <summary>PUBLISH (spec 3.3). <see cref="PacketId"/> is 0 for QoS 0.</summary>
internal sealed class MqttPublishPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Publish;

    public required string Topic { get; init; }

    public ReadOnlyMemory<byte> Payload { get; init; }

    public MqttQualityOfService Qos { get; init; }

    public bool Retain { get; init; }

    public bool Duplicate { get; init; }

    public ushort PacketId { get; init; }
}
