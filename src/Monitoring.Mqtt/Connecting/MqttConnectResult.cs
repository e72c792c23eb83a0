namespace Monitoring.Mqtt;

/// <summary>The broker's answer to CONNECT.</summary>
public sealed record MqttConnectResult(MqttConnectReturnCode ReturnCode, bool SessionPresent)
{
    public bool IsSuccess => ReturnCode == MqttConnectReturnCode.Accepted;
}
