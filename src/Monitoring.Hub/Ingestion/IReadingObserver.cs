namespace Monitoring.Hub.Ingestion;

/// <summary>
/// The hand-off from ingestion to the alarm engine: called with the valid readings of a batch of
/// messages (in arrival order, possibly of many patients) <em>before</em> they are queued for
/// InfluxDB, so an alarm never waits for a write. Called from the one ingestion worker, in message
/// order; while it waits, ingestion waits (backpressure, not loss), and no message of the batch is
/// acknowledged before it returns. A message is redelivered after a crash, so the same readings
/// can arrive twice.
/// </summary>
public interface IReadingObserver
{
    ValueTask OnReadingsAsync(IReadOnlyList<AttributedReading> readings, CancellationToken cancellationToken);
}
