using MQTTnet;

namespace Monitoring.Hub.Broker;

/// <summary>The broker answered the CONNECT and refused it; the MQTT 5 reason code and string say why (spec 3.2.2.2).</summary>
public sealed class BrokerRefusedException(MqttClientConnectResult result)
    : Exception($"refused: {result?.ResultCode}{(string.IsNullOrEmpty(result?.ReasonString) ? "" : $" ({result.ReasonString})")}")
{
    public MqttClientConnectResultCode ResultCode { get; } = result?.ResultCode ?? MqttClientConnectResultCode.UnspecifiedError;
}
