namespace Monitoring.Mqtt;

/// <summary>
/// A packet broke the MQTT 3.1.1 rules (malformed, truncated, oversized or out of place).
/// The client closes the connection when it receives one (spec 4.8) and reconnects.
/// </summary>
public sealed class MqttProtocolViolationException : Exception
{
    public MqttProtocolViolationException()
    {
    }

    public MqttProtocolViolationException(string message)
        : base(message)
    {
    }

    public MqttProtocolViolationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
