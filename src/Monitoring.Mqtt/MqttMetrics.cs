using System.Diagnostics.Metrics;

namespace Monitoring.Mqtt;

/// <summary>
/// Counters of every <see cref="MqttClient"/>, on the meter <see cref="MeterName"/>, tagged with
/// <see cref="ClientIdTag"/>. Listen with <c>AddMeter(MqttMetrics.MeterName)</c> or a <see cref="MeterListener"/>.
/// </summary>
public static class MqttMetrics
{
    public const string MeterName = "Monitoring.Mqtt";

    public const string ClientIdTag = "mqtt.client.id";

    internal static readonly Meter Meter = new(MeterName);

    /// <summary>PUBLISH packets written to the socket (first sends and retransmissions).</summary>
    internal static readonly Counter<long> MessagesSent =
        Meter.CreateCounter<long>("mqtt.client.messages.sent", "{message}", "PUBLISH packets written to the broker.");

    internal static readonly Counter<long> MessagesReceived =
        Meter.CreateCounter<long>("mqtt.client.messages.received", "{message}", "PUBLISH packets received from the broker.");

    /// <summary>PUBACK/PUBREC written for received messages after the consumer acknowledged them.</summary>
    internal static readonly Counter<long> MessagesAcknowledged =
        Meter.CreateCounter<long>("mqtt.client.messages.acknowledged", "{message}", "Received messages acknowledged to the broker.");

    internal static readonly Counter<long> Reconnects =
        Meter.CreateCounter<long>("mqtt.client.reconnects", "{reconnect}", "Successful reconnects after a lost connection.");

    internal static readonly Counter<long> BytesSent =
        Meter.CreateCounter<long>("mqtt.client.bytes.sent", "By", "Bytes written to the broker.");

    internal static readonly Counter<long> BytesReceived =
        Meter.CreateCounter<long>("mqtt.client.bytes.received", "By", "Bytes of complete packets read from the broker.");

    internal static readonly Counter<long> AcknowledgementWindowFull =
        Meter.CreateCounter<long>("mqtt.client.ack_window_full", "{pause}", "Times reading paused because 65535 received messages awaited acknowledgement.");

    internal static readonly Counter<long> ProtocolViolations =
        Meter.CreateCounter<long>("mqtt.client.protocol_violations", "{violation}", "Connections closed for a protocol violation.");

    internal static KeyValuePair<string, object?> Tag(string clientId) => new(ClientIdTag, clientId);
}
