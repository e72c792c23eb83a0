using Monitoring.Hub.Database;
using Quartz;

namespace Monitoring.Hub.FollowUps;

/// <summary>
/// Quartz job (clustered, persistent store; one run at a time across all hubs): sweeps for
/// overdue follow-ups (followup_overdue). The sweep is idempotent, so a misfire simply waits for the next run (see docs/scheduling.md).
/// </summary>
[DisallowConcurrentExecution]
public sealed class FollowUpOverdueJob(FollowUpOverdueSweep sweep, TimeProvider time) : IJob
{
    public static readonly JobKey Key = new("followup-overdue", "followups");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await sweep.SweepAsync(time.GetStoredUtcNow(), cancellationToken);
}
