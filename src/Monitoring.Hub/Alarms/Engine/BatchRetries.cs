using System.Runtime.ExceptionServices;
using Monitoring.Hub.Ingestion;
using Monitoring.Hub.Resilience;
using Npgsql;
using Polly;

namespace Monitoring.Hub.Alarms.Engine;

/// <summary>
/// How a grain retries readings PostgreSQL did not take, on the hub's one retry
/// (<see cref="Retries"/>, Polly): an unreachable database is waited for (ingestion waits with it);
/// data the database or the code keeps refusing is dropped after <see cref="MaxAttemptsForDataErrors"/>
/// tries, so it cannot stop the patient's later readings. Also the silo's "failing since" for the health check.
/// </summary>
internal sealed partial class BatchRetries
{
    private const int MaxAttemptsForDataErrors = 3;

    private static readonly ResiliencePropertyKey<Attempt> AttemptKey = new("monitoring.alarms.attempt");

    private readonly TimeProvider _time;
    private readonly AlarmMetrics _metrics;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _pipeline;
    private long _failingSinceTicks;

    public BatchRetries(TimeProvider time, AlarmMetrics metrics, ILogger logger)
    {
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _pipeline = Retries.Forever(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), time, ShouldRetry, OnRetry);
    }

    /// <summary>Since when storing has been failing (UTC ticks), 0 while it works.</summary>
    public long FailingSinceTicks => Interlocked.Read(ref _failingSinceTicks);

    public void MarkFailing() => Interlocked.CompareExchange(ref _failingSinceTicks, _time.GetUtcNow().UtcTicks, 0);

    public void MarkWorking()
    {
        // Read first: every grain call of every core ends here, and a write each time would bounce the field's cache line between cores.
        if (Interlocked.Read(ref _failingSinceTicks) != 0)
        {
            Interlocked.Exchange(ref _failingSinceTicks, 0);
        }
    }

    /// <summary>
    /// Runs <paramref name="process"/> over a patient's readings until it succeeds (or is dropped).
    /// Before each retry the patient is forgotten (<paramref name="forget"/>), so the retry starts
    /// from what is stored: what PostgreSQL refused may disagree with memory (another writer, a deleted patient).
    /// </summary>
    /// <remarks>
    /// Every grain call of the silo passes here (10,000s a second) and nearly every one succeeds at
    /// once: the first attempt runs outside the pipeline, with the caller's <paramref name="state"/>
    /// and static delegates, so it costs no closure, no Polly context and no retry bookkeeping. A
    /// failure enters the pipeline as its first attempt's, so waits, attempts and logs are as before.
    /// </remarks>
    public async Task RunAsync<TState>(
        Guid patientId,
        IReadOnlyList<AttributedReading> readings,
        TState state,
        Func<TState, CancellationToken, Task> process,
        Action<TState, Guid> forget,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(forget);
        ExceptionDispatchInfo first;
        try
        {
            await process(state, ct);
            MarkWorking();
            return;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && ex is not OutOfMemoryException)
        {
            first = ExceptionDispatchInfo.Capture(ex);
        }

        await RetryAsync(patientId, readings, first, c => process(state, c), id => forget(state, id), ct);
    }

    private async Task RetryAsync(
        Guid patientId, IReadOnlyList<AttributedReading> readings, ExceptionDispatchInfo first, Func<CancellationToken, Task> process, Action<Guid> forget, CancellationToken ct)
    {
        var attempt = new Attempt(patientId, readings, forget) { First = first };
        var context = ResilienceContextPool.Shared.Get(ct);
        context.Properties.Set(AttemptKey, attempt);
        try
        {
            await _pipeline.ExecuteAsync(
                static async (c, run) =>
                {
                    // The pipeline's first attempt is the one made before it: its failure, again.
                    var attempt = c.Properties.GetValue(AttemptKey, null!);
                    if (attempt.First is { } failed)
                    {
                        attempt.First = null;
                        failed.Throw();
                    }

                    await run(c.CancellationToken);
                },
                context,
                process);
            MarkWorking();
        }
        catch (Exception ex) when (attempt.Dropped)
        {
            _metrics.BatchDropped();
            LogBatchDropped(_logger, ex, readings.Count, patientId);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Every failure forgets the batch's patients; an outage is retried for as long as it lasts, refused data three times.</summary>
    private static bool ShouldRetry(Exception ex, ResilienceContext context)
    {
        if (context.CancellationToken.IsCancellationRequested || ex is OutOfMemoryException || !context.Properties.TryGetValue(AttemptKey, out var attempt))
        {
            return false;
        }

        attempt.Forget(attempt.PatientId);

        var unreachable = AlarmEngineFailures.IsDatabaseFailure(ex) && ex is not PostgresException { IsTransient: false };
        if (!unreachable && ++attempt.DataErrors >= MaxAttemptsForDataErrors)
        {
            attempt.Dropped = true;
            return false;
        }

        return true;
    }

    private void OnRetry(Exception ex, int attempt, ResilienceContext context)
    {
        MarkFailing();
        var call = context.Properties.GetValue(AttemptKey, null!);
        LogBatchRetry(_logger, call?.Readings.Count ?? 0, call?.PatientId ?? Guid.Empty, attempt + 1, ex.Message);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storing the alarm rules' outcome of {Readings} readings of patient {PatientId} failed (attempt {Attempt}), retrying: {Reason}")]
    private static partial void LogBatchRetry(ILogger logger, int readings, Guid patientId, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "PostgreSQL keeps refusing the alarm rules' outcome of {Readings} readings of patient {PatientId}; it is dropped (the readings are still in InfluxDB)")]
    private static partial void LogBatchDropped(ILogger logger, Exception exception, int readings, Guid patientId);

    /// <summary>One call's retry bookkeeping, carried in the Polly context.</summary>
    private sealed class Attempt(Guid patientId, IReadOnlyList<AttributedReading> readings, Action<Guid> forget)
    {
        public Guid PatientId { get; } = patientId;

        public IReadOnlyList<AttributedReading> Readings { get; } = readings;

        public Action<Guid> Forget { get; } = forget;

        /// <summary>The failure of the attempt made before the pipeline, until the pipeline has seen it.</summary>
        public ExceptionDispatchInfo? First { get; set; }

        public int DataErrors { get; set; }

        public bool Dropped { get; set; }
    }
}
