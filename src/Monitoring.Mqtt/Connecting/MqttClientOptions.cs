namespace Monitoring.Mqtt;

/// <summary>
/// Settings of one <see cref="MqttClient"/>. Subscriptions are not configured here: the client remembers the
/// filters the broker granted and subscribes to them again after a reconnect that found no session.
/// </summary>
public sealed class MqttClientOptions
{
    /// <summary>Host name or IP address of the broker.</summary>
    public required string Host { get; init; }

    public int Port { get; init; } = 1883;

    public required string ClientId { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>Discard the broker-side session on connect (spec 3.1.2.4). Use false for queued delivery while offline.</summary>
    public bool CleanSession { get; init; } = true;

    /// <summary>Keep-alive interval (whole seconds, at most 65535); <see cref="TimeSpan.Zero"/> turns it off.</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(30);

    public MqttWill? Will { get; init; }

    /// <summary>TLS settings; null means plain TCP.</summary>
    public MqttTlsOptions? Tls { get; init; }

    /// <summary>Time for TCP connect, TLS handshake and CONNACK together.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>After the first successful <c>ConnectAsync</c>, reconnect whenever the connection drops.</summary>
    public bool AutoReconnect { get; init; } = true;

    public TimeSpan ReconnectMinDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Outgoing QoS 1 and 2 messages sent but not yet acknowledged; <c>PublishAsync</c> waits beyond it (1..65535).</summary>
    public int MaxInFlight { get; init; } = 1000;

    /// <summary>Messages accepted by <c>PublishAsync</c> but not yet written to the socket.</summary>
    public int OutgoingQueueCapacity { get; init; } = 10_000;

    /// <summary>Received messages waiting in <see cref="MqttClient.Messages"/>; when full the client stops reading the socket.</summary>
    public int ReceiveQueueCapacity { get; init; } = 10_000;

    /// <summary>Largest Remaining Length accepted from the broker; a bigger packet is a protocol violation.</summary>
    public int MaxPacketSize { get; init; } = 1024 * 1024;
}
