using Monitoring.Mqtt;

namespace Monitoring.Hub.Ingestion;

/// <summary>
/// One received MQTT message on its way to durability. It is acknowledged to the broker only when
/// every durable part it produced is done: its lines written to InfluxDB, its rejections stored,
/// its status recorded. Parts are counted, starting with one held by the processor while it
/// hands the parts out, so the acknowledgement cannot fire before the last part is known.
/// </summary>
public sealed class IngestMessage
{
    private readonly MqttReceivedMessage? _mqtt;
    private readonly IngestionMetrics _metrics;
    private int _parts = 1;

    public IngestMessage(string topic, ReadOnlyMemory<byte> payload, bool retained, DateTimeOffset receivedAt, MqttReceivedMessage? mqtt, IngestionMetrics metrics)
    {
        Topic = topic;
        Payload = payload;
        Retained = retained;
        ReceivedAt = receivedAt;
        _mqtt = mqtt;
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
        if (_mqtt is null)
        {
            return;
        }

        // The client sends PUBACKs in arrival order (MQTT 3.1.1 §4.6), holding this one behind
        // earlier unacknowledged messages; on a dropped connection it is a no-op and the broker redelivers.
        var pending = _mqtt.AcknowledgeAsync(CancellationToken.None);
        if (!pending.IsCompletedSuccessfully)
        {
            _ = ObserveAsync(pending);
        }
    }

    private static async Task ObserveAsync(ValueTask pending)
    {
        try
        {
            await pending;
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The connection went away: the broker redelivers the message, which is idempotent.
        }
    }
}
