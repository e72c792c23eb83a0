using Monitoring.Hub.Database;
using Quartz;

namespace Monitoring.Hub.FollowUps;

/// <summary>
/// Quartz job (clustered, persistent store; one run at a time across all hubs): sweeps for
/// overdue follow-ups (followup_overdue). The sweep is idempotent and covers everything due since the last run, so after a misfire it runs once and keeps its interval (see docs/scheduling.md).
/// </summary>
[DisallowConcurrentExecution]
public sealed class FollowUpOverdueJob(FollowUpOverdueSweep sweep, TimeProvider time) : IJob
{
    public static readonly JobKey Key = new("followup-overdue", "followups");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await sweep.SweepAsync(time.GetStoredUtcNow(), cancellationToken);
}
