namespace Monitoring.Mqtt.Packets;

/// <summary>PINGRESP (spec 3.13): no variable header, no payload, so one shared instance.</summary>
internal sealed class MqttPingRespPacket : MqttPacket
{
    public static readonly MqttPingRespPacket Instance = new();

    private MqttPingRespPacket()
    {
    }

    public override MqttPacketType Type => MqttPacketType.PingResp;
}
