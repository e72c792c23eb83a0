using Monitoring.Mqtt.Formatter;

namespace Monitoring.Mqtt;

/// <summary>Checks <see cref="MqttClientOptions"/> once, in the client's constructor, so mistakes surface before any I/O.</summary>
internal static class MqttClientOptionsValidator
{
    public static void Validate(MqttClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Require(!string.IsNullOrWhiteSpace(options.Host), "Host is required.");
        Require(options.Port is > 0 and <= ushort.MaxValue, "Port must be 1..65535.");
        Require(options.ClientId is not null && MqttUtf8String.IsValid(options.ClientId), "ClientId must be a valid MQTT string (spec 1.5.3).");

        // 3.1.3.1: a zero-length client id is only allowed with a clean session [MQTT-3.1.3-7].
        Require(options.ClientId!.Length > 0 || options.CleanSession, "An empty ClientId needs CleanSession (spec 3.1.3.1).");
        Require(options.Username is null || MqttUtf8String.IsValid(options.Username), "Username must be a valid MQTT string (spec 1.5.3).");

        // 3.1.2.9: a password needs a user name [MQTT-3.1.2-22].
        Require(options.Password is null || options.Username is not null, "A Password needs a Username (spec 3.1.2.9).");
        Require(options.Password is null || System.Text.Encoding.UTF8.GetByteCount(options.Password) <= ushort.MaxValue, "Password is longer than 65535 bytes.");

        // 3.1.2.10: keep-alive is a 16-bit number of seconds.
        Require(options.KeepAlive >= TimeSpan.Zero && options.KeepAlive.TotalSeconds <= ushort.MaxValue, "KeepAlive must be 0..65535 seconds.");
        Require(options.KeepAlive.Ticks % TimeSpan.TicksPerSecond == 0, "KeepAlive must be whole seconds.");
        Require(options.ConnectTimeout > TimeSpan.Zero, "ConnectTimeout must be positive.");
        Require(options.ReconnectMinDelay > TimeSpan.Zero, "ReconnectMinDelay must be positive.");
        Require(options.ReconnectMaxDelay >= options.ReconnectMinDelay, "ReconnectMaxDelay must not be below ReconnectMinDelay.");
        Require(options.MaxInFlight is > 0 and <= ushort.MaxValue, "MaxInFlight must be 1..65535 (Packet Identifiers, spec 2.3.1).");
        Require(options.OutgoingQueueCapacity > 0, "OutgoingQueueCapacity must be positive.");
        Require(options.ReceiveQueueCapacity > 0, "ReceiveQueueCapacity must be positive.");
        Require(options.MaxPacketSize is > 0 and <= MqttPacketDecoder.MaxRemainingLength, "MaxPacketSize must be 1..268435455 (spec 2.2.3).");

        if (options.Will is { } will)
        {
            Require(will.Topic is not null && MqttTopic.IsValidTopicName(will.Topic), "Will.Topic must be a valid topic name (spec 4.7).");
            Require(will.Payload.Length <= ushort.MaxValue, "Will.Payload is longer than 65535 bytes (spec 3.1.3.3).");
            Require(will.Qos <= MqttQualityOfService.ExactlyOnce, "Will.Qos must be 0, 1 or 2.");
        }

        if (options.Tls is { } tls)
        {
            Require(tls.CaFile is not null || tls.UseSystemTrust, "Tls needs a trust anchor: set CaFile or UseSystemTrust.");
        }
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message, "options");
        }
    }
}
