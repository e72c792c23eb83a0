using Dapper;
using Monitoring.Domain.Alarms;
using Monitoring.Domain.FollowUps;
using Npgsql;

namespace Monitoring.Hub.FollowUps;

/// <summary>
/// Raises <c>followup_overdue</c> once per follow-up whose clinic-local due day has ended without it
/// being completed (key: the follow-up id). Idempotent: run it as often as you like, from any hub.
/// </summary>
public sealed partial class FollowUpOverdueSweep(NpgsqlDataSource dataSource, ReminderLedger ledger, ILogger<FollowUpOverdueSweep> logger)
{
    /// <summary>Returns how many reminders this run raised.</summary>
    public async Task<int> SweepAsync(DateTimeOffset now, CancellationToken ct)
    {
        List<(Guid Id, Guid PatientId, DateOnly DueOn, string TimeZone)> open;
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        {
            // Every zone's today is within a day of UTC's: the SQL bound only narrows, the policy decides.
            open = [.. await connection.QueryAsync<(Guid, Guid, DateOnly, string)>(new CommandDefinition(
                """
                SELECT f.id, f.patient_id, f.due_on, c.time_zone
                FROM followups f JOIN patients p ON p.id = f.patient_id JOIN clinics c ON c.id = p.clinic_id
                WHERE f.status = 'due' AND f.due_on <= (@now AT TIME ZONE 'UTC')::date
                  AND NOT EXISTS (SELECT 1 FROM reminders_sent r
                                  WHERE r.kind = 'followup_overdue' AND r.patient_id = f.patient_id AND r.period_key = f.id::text)
                """,
                new { now }, cancellationToken: ct))];
        }

        var raised = 0;
        foreach (var (id, patientId, dueOn, timeZone) in open)
        {
            var zone = FollowUpStore.Zone(timeZone);
            if (!FollowUpPolicy.IsOverdue(dueOn, now, zone))
            {
                continue;
            }

            if (await ledger.RaiseOnceAsync(AlarmKind.FollowupOverdue, patientId, id.ToString(),
                    $"Follow-up due {dueOn:yyyy-MM-dd} was not completed.", FollowUpPolicy.EndOfDay(dueOn, zone), now, ct))
            {
                LogRaised(logger, patientId, id, dueOn);
                raised++;
            }
        }

        return raised;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Follow-up {FollowUpId} of patient {PatientId} due {DueOn} is overdue: reminder raised")]
    private static partial void LogRaised(ILogger logger, Guid patientId, Guid followUpId, DateOnly dueOn);
}
