using System.Diagnostics;
using Hangfire;
using Monitoring.Hub.Database;

namespace Monitoring.Hub.Scheduling;

/// <summary>
/// The one Hangfire job class for every sweep: Hangfire activates it in a DI scope of this hub, and it
/// reads the hub's clock, runs the sweep, logs and counts the run. A failed run is retried a few times
/// (the sweeps are idempotent: a run repeated after a partial failure raises each reminder once, through
/// <c>reminders_sent</c>), and one run of a sweep at a time across every hub on the storage.
/// </summary>
internal sealed partial class SweepJob<TSweep>(TSweep sweep, TimeProvider time, SweepMetrics metrics, ILogger<SweepJob<TSweep>> logger)
    where TSweep : class, ISweep
{
    /// <summary>Seconds a run waits for the same sweep running elsewhere before it fails (and is retried).</summary>
    private const int ConcurrencyTimeoutSeconds = 5 * 60;

    /// <remarks>
    /// The next occurrence covers whatever a failed run missed, so retries are few and soon; a run that
    /// still fails stays in the dashboard's Failed list for an administrator to see.
    /// </remarks>
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [15, 60, 300])]
    [DisableConcurrentExecution(ConcurrencyTimeoutSeconds)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetStoredUtcNow();
        var started = Stopwatch.GetTimestamp();
        try
        {
            var produced = await sweep.SweepAsync(now, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started);
            metrics.Completed(TSweep.JobId, produced, elapsed);
            LogCompleted(logger, TSweep.JobId, now, produced, elapsed.TotalMilliseconds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            metrics.Failed(TSweep.JobId, Stopwatch.GetElapsedTime(started));
            LogFailed(logger, TSweep.JobId, now, ex);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {Job} at {Now:O}: {Produced} produced in {ElapsedMs:F0} ms")]
    private static partial void LogCompleted(ILogger logger, string job, DateTimeOffset now, int produced, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep {Job} at {Now:O} failed; Hangfire retries it")]
    private static partial void LogFailed(ILogger logger, string job, DateTimeOffset now, Exception exception);
}
