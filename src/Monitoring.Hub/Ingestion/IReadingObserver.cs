namespace Monitoring.Hub.Ingestion;

/// <summary>
/// The hand-off from ingestion to the alarm engine: called with each message's valid readings
/// <em>before</em> they are queued for InfluxDB, so an alarm never waits for a write. Called from
/// the one ingestion worker, in message order; an implementation should hand the readings over
/// (e.g. to a bounded channel) and return: while it waits, ingestion waits (backpressure, not loss).
/// A message is redelivered after a crash, so the same readings can arrive twice.
/// </summary>
public interface IReadingObserver
{
    ValueTask OnReadingsAsync(IReadOnlyList<AttributedReading> readings, CancellationToken cancellationToken);
}
