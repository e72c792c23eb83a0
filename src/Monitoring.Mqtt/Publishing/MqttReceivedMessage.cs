using Monitoring.Mqtt.Internal;

namespace Monitoring.Mqtt;

/// <summary>
/// A message the broker delivered. QoS 1 and 2 messages stay unacknowledged towards the broker until
/// <see cref="AcknowledgeAsync"/> is called, so the broker redelivers them if the client goes away first.
/// </summary>
public sealed class MqttReceivedMessage
{
    private readonly IncomingAckSequencer? _acks;
    private readonly long _sequence;

    internal MqttReceivedMessage(
        string topic,
        ReadOnlyMemory<byte> payload,
        MqttQualityOfService qos,
        bool retain,
        bool duplicate,
        ushort packetId,
        IncomingAckSequencer? acks,
        long sequence)
    {
        Topic = topic;
        Payload = payload;
        Qos = qos;
        Retain = retain;
        Duplicate = duplicate;
        PacketId = packetId;
        _acks = acks;
        _sequence = sequence;
    }

    public string Topic { get; }

    /// <summary>The payload, in an array owned by this message.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    public MqttQualityOfService Qos { get; }

    public bool Retain { get; }

    /// <summary>The broker marked this as a redelivery (DUP, spec 3.3.1.1): it may have been seen before.</summary>
    public bool Duplicate { get; }

    /// <summary>The broker's packet identifier; 0 for QoS 0.</summary>
    public ushort PacketId { get; }

    /// <summary>
    /// Hands responsibility for the message over from the broker to the caller: QoS 1 sends PUBACK, QoS 2 sends
    /// PUBREC. Acknowledgements leave in the order the messages arrived (spec 4.6), so this one waits behind
    /// earlier unacknowledged ones. A no-op for QoS 0, for a second call, and when the connection the message
    /// came on has since dropped (the broker will redeliver it with <see cref="Duplicate"/> set).
    /// </summary>
    public ValueTask AcknowledgeAsync(CancellationToken ct = default)
    {
        if (ct.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(ct);
        }

        _acks?.Acknowledge(_sequence);
        return ValueTask.CompletedTask;
    }
}
