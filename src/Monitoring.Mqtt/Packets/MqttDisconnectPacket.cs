namespace Monitoring.Mqtt.Packets;

/// <summary>DISCONNECT (spec 3.14): no variable header, no payload, so one shared instance.</summary>
internal sealed class MqttDisconnectPacket : MqttPacket
{
    public static readonly MqttDisconnectPacket Instance = new();

    private MqttDisconnectPacket()
    {
    }

    public override MqttPacketType Type => MqttPacketType.Disconnect;
}
