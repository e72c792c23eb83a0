namespace Monitoring.Mqtt;

/// <summary>SUBACK return codes (spec 3.9.3).</summary>
public enum MqttSubscribeReturnCode : byte
{
    GrantedQos0 = 0x00,
    GrantedQos1 = 0x01,
    GrantedQos2 = 0x02,
    Failure = 0x80,
}
