using Monitoring.Hub.Database;
using Quartz;

namespace Monitoring.Hub.Referrals.Stalling;

/// <summary>
/// Quartz job (clustered, persistent store; one run at a time across all hubs): sweeps open referrals
/// for a state held too long (referral_stalled). Idempotent, so after a misfire it runs once and keeps its interval.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class ReferralStalledJob(ReferralStalledSweep sweep, TimeProvider time) : IJob
{
    public static readonly JobKey Key = new("referral-stalled", "referrals");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await sweep.SweepAsync(time.GetStoredUtcNow(), cancellationToken);
}
