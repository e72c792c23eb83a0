using Monitoring.Hub.Ingestion;
using Npgsql;

namespace Monitoring.Hub.Alarms.Engine;

/// <summary>
/// How a partition retries a batch PostgreSQL did not take: an unreachable database is waited for
/// (ingestion waits with it); data the database or the code keeps refusing is dropped after
/// <see cref="MaxAttemptsForDataErrors"/> tries, so it cannot stop every other patient's alarms.
/// Also the partition's "failing since" for the health check.
/// </summary>
internal sealed partial class BatchRetries(TimeProvider time, AlarmMetrics metrics, ILogger logger)
{
    private const int MaxAttemptsForDataErrors = 3;

    private long _failingSinceTicks;

    /// <summary>Since when storing has been failing (UTC ticks), 0 while it works.</summary>
    public long FailingSinceTicks => Interlocked.Read(ref _failingSinceTicks);

    public void MarkFailing() => Interlocked.CompareExchange(ref _failingSinceTicks, time.GetUtcNow().UtcTicks, 0);

    public void MarkWorking() => Interlocked.Exchange(ref _failingSinceTicks, 0);

    /// <summary>
    /// Runs <paramref name="process"/> over the batch until it succeeds (or is dropped). Before each
    /// retry the batch's patients are forgotten (<paramref name="forget"/>), so the retry starts
    /// from what is stored: what PostgreSQL refused may disagree with memory (another writer, a deleted patient).
    /// </summary>
    public async Task RunAsync(
        IReadOnlyList<IReadOnlyList<AttributedReading>> batch, Func<CancellationToken, Task> process, Action<Guid> forget, CancellationToken ct)
    {
        var dataErrors = 0;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await process(ct);
                MarkWorking();
                return;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && ex is not OutOfMemoryException)
            {
                var patients = batch.SelectMany(m => m).Select(r => r.PatientId).Distinct().ToList();
                foreach (var patientId in patients)
                {
                    forget(patientId);
                }

                var unreachable = AlarmEngineFailures.IsDatabaseFailure(ex) && ex is not PostgresException { IsTransient: false };
                if (!unreachable && ++dataErrors >= MaxAttemptsForDataErrors)
                {
                    metrics.BatchDropped();
                    LogBatchDropped(logger, ex, batch.Count, string.Join(", ", patients));
                    return;
                }

                MarkFailing();
                LogBatchRetry(logger, batch.Count, attempt, ex.Message);
                await Task.Delay(AlarmEngineFailures.Backoff(attempt), time, ct);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storing a batch of {Messages} messages failed (attempt {Attempt}), retrying: {Reason}")]
    private static partial void LogBatchRetry(ILogger logger, int messages, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "PostgreSQL keeps refusing a batch of {Messages} messages of patients {PatientIds}; it is dropped (its readings are still in InfluxDB)")]
    private static partial void LogBatchDropped(ILogger logger, Exception exception, int messages, string patientIds);
}
