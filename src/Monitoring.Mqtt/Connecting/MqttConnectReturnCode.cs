namespace Monitoring.Mqtt;

/// <summary>CONNACK return codes (spec 3.2.2.3).</summary>
public enum MqttConnectReturnCode : byte
{
    Accepted = 0,
    UnacceptableProtocolVersion = 1,
    IdentifierRejected = 2,
    ServerUnavailable = 3,
    BadUsernameOrPassword = 4,
    NotAuthorized = 5,
}
