namespace Monitoring.Mqtt;

/// <summary>Data of <see cref="MqttClient.Connected"/> and <see cref="MqttClient.Disconnected"/>.</summary>
public sealed class MqttConnectionEventArgs : EventArgs
{
    public MqttConnectionEventArgs(bool sessionPresent, string? reason = null, Exception? exception = null)
    {
        SessionPresent = sessionPresent;
        Reason = reason;
        Exception = exception;
    }

    /// <summary>For <c>Connected</c>: the broker resumed the previous session (CONNACK, spec 3.2.2.2).</summary>
    public bool SessionPresent { get; }

    /// <summary>For <c>Disconnected</c>: why the connection ended.</summary>
    public string? Reason { get; }

    public Exception? Exception { get; }
}
