namespace Monitoring.Hub.Scheduling;

/// <summary>
/// A periodic, idempotent pass over PostgreSQL that raises what became due (docs/scheduling.md). The
/// sweep holds the logic and takes "now" as a parameter; <see cref="SweepJob{TSweep}"/> runs it as a
/// Hangfire recurring job with the hub's clock, logging and metrics.
/// </summary>
internal interface ISweep
{
    /// <summary>The recurring job's id (also its log and metric tag), e.g. <c>followup-overdue</c>.</summary>
    static abstract string JobId { get; }

    /// <summary>Runs once for <paramref name="now"/>; returns how many items (reminders, reports) it produced.</summary>
    Task<int> SweepAsync(DateTimeOffset now, CancellationToken ct);
}
