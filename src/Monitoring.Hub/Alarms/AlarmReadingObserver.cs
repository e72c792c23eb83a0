using Monitoring.Hub.Ingestion;

namespace Monitoring.Hub.Alarms;

/// <summary>
/// Ingestion's hand-off to the alarm engine: each message's valid readings go to the alarm
/// worker's bounded queue, before ingestion queues them for InfluxDB, so an alarm never waits for
/// a time-series write. When the queue is full this waits, and ingestion with it (backpressure, not loss).
/// </summary>
public sealed class AlarmReadingObserver(AlarmWorker worker) : IReadingObserver
{
    public ValueTask OnReadingsAsync(IReadOnlyList<AttributedReading> readings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readings);
        return worker.EnqueueAsync(readings, cancellationToken);
    }
}
