namespace Monitoring.FirmwareSim.Devices;

/// <summary>
/// The broker answered, and said no: a CONNACK or PUBACK with an MQTT 5 reason code of 0x80 or more
/// (MQTT 5.0 §3.2.2.2, §3.4.2.1), e.g. <c>NotAuthorized</c> for a wrong secret or a topic outside the
/// device's own. The message names the client, the topic and the broker's reason.
/// </summary>
public sealed class MqttRefusedException : Exception
{
    public MqttRefusedException()
    {
    }

    public MqttRefusedException(string message)
        : base(message)
    {
    }

    public MqttRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The broker's reason code, as MQTTnet names it (<c>NotAuthorized</c>, <c>QuotaExceeded</c>, ...).</summary>
    public string? ReasonCode { get; init; }
}
