namespace Monitoring.Mqtt.Packets;

/// <summary>PINGREQ (spec 3.12): no variable header, no payload, so one shared instance.</summary>
internal sealed class MqttPingReqPacket : MqttPacket
{
    public static readonly MqttPingReqPacket Instance = new();

    private MqttPingReqPacket()
    {
    }

    public override MqttPacketType Type => MqttPacketType.PingReq;
}
