using Hangfire;
using Monitoring.Hub.Database;

namespace Monitoring.Hub.FollowUps;

/// <summary>
/// Hangfire delayed job, one per follow-up, due at the end of its clinic-local due day: raises the
/// overdue reminder then rather than at the next sweep. Idempotent (the reminder ledger's key is the
/// follow-up id, as the sweep's), so a retry, a second run or the sweep racing it raise it once; and
/// it re-reads the follow-up, so a check left behind by a completion or a changed plan does nothing.
/// </summary>
public sealed partial class FollowUpDueCheck(FollowUpOverdueSweep sweep, TimeProvider time, ILogger<FollowUpDueCheck> logger)
{
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [15, 60, 300])]
    public async Task RunAsync(Guid followUpId, CancellationToken cancellationToken)
    {
        var raised = await sweep.CheckOneAsync(followUpId, time.GetStoredUtcNow(), cancellationToken);
        LogChecked(logger, followUpId, raised);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Follow-up {FollowUpId} checked at the end of its due day: reminder raised {Raised}")]
    private static partial void LogChecked(ILogger logger, Guid followUpId, bool raised);
}
