using Hangfire;
using Monitoring.Domain.FollowUps;

namespace Monitoring.Hub.FollowUps;

/// <summary>
/// Schedules a <see cref="FollowUpDueCheck"/> for a follow-up's end of day, in the Hangfire storage every
/// hub shares (any hub's server runs it). Best effort: a check that cannot be scheduled (storage away)
/// is logged, and the overdue sweep raises the reminder at its next run instead.
/// </summary>
public sealed partial class FollowUpDueChecks(IBackgroundJobClient jobs, ILogger<FollowUpDueChecks> logger)
{
    public void Schedule(Guid followUpId, Guid patientId, DateOnly dueOn, TimeZoneInfo zone)
    {
        var at = FollowUpPolicy.EndOfDay(dueOn, zone);
        try
        {
            var jobId = jobs.Schedule<FollowUpDueCheck>(check => check.RunAsync(followUpId, CancellationToken.None), at);
            LogScheduled(logger, followUpId, patientId, at, jobId);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
        {
            LogNotScheduled(logger, followUpId, patientId, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Follow-up {FollowUpId} of patient {PatientId}: due check at {At:O} (job {JobId})")]
    private static partial void LogScheduled(ILogger logger, Guid followUpId, Guid patientId, DateTimeOffset at, string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Follow-up {FollowUpId} of patient {PatientId}: due check not scheduled, the overdue sweep covers it: {Reason}")]
    private static partial void LogNotScheduled(ILogger logger, Guid followUpId, Guid patientId, string reason);
}
