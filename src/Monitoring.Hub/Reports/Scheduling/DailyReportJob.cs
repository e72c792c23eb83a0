using Monitoring.Hub.Database;
using Quartz;

namespace Monitoring.Hub.Reports.Scheduling;

/// <summary>
/// Quartz job (clustered, persistent store; one run at a time across all hubs): produces the previous
/// day's report of every clinic whose morning has come. Idempotent, so a misfire runs it once.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class DailyReportJob(DailyReportSweep sweep, TimeProvider time) : IJob
{
    public static readonly JobKey Key = new("daily-report", "reports");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await sweep.SweepAsync(time.GetStoredUtcNow(), cancellationToken);
}
