namespace Monitoring.Mqtt;

/// <summary>The broker refused the connection; <see cref="ReturnCode"/> says why.</summary>
public sealed class MqttConnectException : Exception
{
    public MqttConnectException(MqttConnectReturnCode returnCode)
        : this(returnCode, $"The MQTT broker refused the connection: {returnCode}.")
    {
    }

    public MqttConnectException(MqttConnectReturnCode returnCode, string message)
        : base(message)
    {
        ReturnCode = returnCode;
    }

    public MqttConnectReturnCode ReturnCode { get; }
}
