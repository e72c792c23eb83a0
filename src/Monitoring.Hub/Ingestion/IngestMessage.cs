namespace Monitoring.Hub.Ingestion;

/// <summary>
/// One received MQTT message on its way to durability. It is acknowledged to the broker only when
/// every durable part it produced is done: its lines written to InfluxDB, its rejections stored,
/// its status recorded. Parts are counted, starting with one held by the processor while it
/// hands the parts out, so the acknowledgement cannot fire before the last part is known.
/// </summary>
public sealed class IngestMessage
{
    private readonly AcknowledgementSequence.Place? _acknowledgement;
    private readonly IngestionMetrics _metrics;
    private int _parts = 1;

    public IngestMessage(string topic, ReadOnlyMemory<byte> payload, bool retained, DateTimeOffset receivedAt, AcknowledgementSequence.Place? acknowledgement, IngestionMetrics metrics)
    {
        Topic = topic;
        Payload = payload;
        Retained = retained;
        ReceivedAt = receivedAt;
        _acknowledgement = acknowledgement;
        _metrics = metrics;
    }

    public string Topic { get; }

    public ReadOnlyMemory<byte> Payload { get; }

    public bool Retained { get; }

    public DateTimeOffset ReceivedAt { get; }

    /// <summary>Set by the processor once the topic is parsed.</summary>
    public string? DeviceId { get; set; }

    public bool IsAcknowledged => Volatile.Read(ref _parts) <= 0;

    /// <summary>One more durable part must complete before the acknowledgement.</summary>
    public void AddPart() => Interlocked.Increment(ref _parts);

    /// <summary>A durable part is done; the last one acknowledges the message.</summary>
    public void CompletePart()
    {
        if (Interlocked.Decrement(ref _parts) != 0)
        {
            return;
        }

        _metrics.MessageAcknowledged();

        // Sent in arrival order (MQTT 5 §4.6), behind earlier unacknowledged messages of the same connection;
        // after that connection dropped it is not sent at all and the broker redelivers the message.
        _acknowledgement?.Complete();
    }
}
