using System.Diagnostics.Metrics;
using Monitoring.Contracts.Topics;
using Monitoring.Contracts.Validation;

namespace Monitoring.Hub.Ingestion;

/// <summary>
/// Instruments of the data path, on the meter <see cref="MeterName"/>: messages in, readings
/// written, rejections by reason, write latency, writer buffer depth and messages received but
/// not yet acknowledged to the broker.
/// </summary>
public sealed class IngestionMetrics
{
    public const string MeterName = "Monitoring.Hub.Ingestion";

    private readonly Counter<long> _messages;
    private readonly Counter<long> _readingsWritten;
    private readonly Counter<long> _rejected;
    private readonly Histogram<double> _writeDuration;
    private long _bufferedLines;
    private long _unacknowledged;
    private long _messagesTotal;
    private long _readingsWrittenTotal;
    private long _storeRejectedTotal;

    public IngestionMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _messages = meter.CreateCounter<long>("rpm.ingest.messages", "{message}", "MQTT messages received from devices");
        _readingsWritten = meter.CreateCounter<long>("rpm.ingest.readings_written", "{reading}", "Readings (points) written to InfluxDB");
        _rejected = meter.CreateCounter<long>("rpm.ingest.rejected", "{item}", "Rejected messages or readings, by reason");
        _writeDuration = meter.CreateHistogram<double>("rpm.ingest.write_duration", "s", "Duration of successful InfluxDB /write requests");
        meter.CreateObservableUpDownCounter("rpm.ingest.buffer_depth", () => Volatile.Read(ref _bufferedLines), "{line}",
            "Lines waiting for the InfluxDB writer");
        meter.CreateObservableUpDownCounter("rpm.ingest.unacknowledged", () => Volatile.Read(ref _unacknowledged), "{message}",
            "MQTT messages received and not yet acknowledged (not yet durable)");
    }

    public long BufferedLines => Volatile.Read(ref _bufferedLines);

    public long Unacknowledged => Volatile.Read(ref _unacknowledged);

    public long MessagesTotal => Volatile.Read(ref _messagesTotal);

    public long ReadingsWrittenTotal => Volatile.Read(ref _readingsWrittenTotal);

    /// <summary>Readings InfluxDB refused (<c>store_rejected</c>) since start: lost data, watched by DataLoss.</summary>
    public long StoreRejectedTotal => Volatile.Read(ref _storeRejectedTotal);

    /// <summary>A message arrived from the broker and is now owed an acknowledgement.</summary>
    public void MessageReceived()
    {
        Interlocked.Increment(ref _messagesTotal);
        Interlocked.Increment(ref _unacknowledged);
    }

    /// <summary>The processor identified the message's topic (null: not a device topic).</summary>
    public void MessageClassified(DeviceTopicKind? kind) =>
        _messages.Add(1, new KeyValuePair<string, object?>("topic", kind is { } k ? DeviceTopics.Level(k) : "other"));

    public void MessageAcknowledged() => Interlocked.Decrement(ref _unacknowledged);

    public void Rejected(RejectionReason reason, int count = 1)
    {
        if (reason == RejectionReason.StoreRejected)
        {
            Interlocked.Add(ref _storeRejectedTotal, count);
        }

        _rejected.Add(count, new KeyValuePair<string, object?>("reason", reason.Code()));
    }

    public void ReadingsWritten(int count)
    {
        Interlocked.Add(ref _readingsWrittenTotal, count);
        _readingsWritten.Add(count);
    }

    public void WriteCompleted(TimeSpan duration) => _writeDuration.Record(duration.TotalSeconds);

    public void BufferChanged(long lines) => Interlocked.Add(ref _bufferedLines, lines);
}
