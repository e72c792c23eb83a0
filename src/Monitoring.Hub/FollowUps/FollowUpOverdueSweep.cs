using Dapper;
using Monitoring.Domain.Alarms;
using Monitoring.Domain.FollowUps;
using Npgsql;

namespace Monitoring.Hub.FollowUps;

/// <summary>
/// Raises <c>followup_overdue</c> once per follow-up whose clinic-local due day has ended without it
/// being completed (key: the follow-up id), and withdraws (resolves as <c>system</c>) the open
/// <c>followup_overdue</c> alarm of a patient who no longer has an overdue follow-up: completing one
/// resolves its alarm at once, this catches what that missed, and ending home treatment cancels the
/// follow-up. Idempotent: run it as often as you like, from any hub.
/// </summary>
public sealed partial class FollowUpOverdueSweep(NpgsqlDataSource dataSource, ReminderLedger ledger, ILogger<FollowUpOverdueSweep> logger)
{
    /// <summary>Returns how many reminders this run raised.</summary>
    public async Task<int> SweepAsync(DateTimeOffset now, CancellationToken ct)
    {
        List<(Guid Id, Guid PatientId, DateOnly DueOn, string TimeZone, bool Sent)> open;
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        {
            // Every zone's today is within a day of UTC's: the SQL bound only narrows, the policy decides.
            open = [.. await connection.QueryAsync<(Guid, Guid, DateOnly, string, bool)>(new CommandDefinition(
                """
                SELECT f.id, f.patient_id, f.due_on, c.time_zone,
                       EXISTS (SELECT 1 FROM reminders_sent r
                               WHERE r.kind = 'followup_overdue' AND r.patient_id = f.patient_id AND r.period_key = f.id::text)
                FROM followups f JOIN patients p ON p.id = f.patient_id JOIN clinics c ON c.id = p.clinic_id
                WHERE f.status = 'due' AND f.due_on <= (@now AT TIME ZONE 'UTC')::date
                """,
                new { now }, cancellationToken: ct))];
        }

        var raised = 0;
        var overduePatients = new HashSet<Guid>();
        foreach (var (id, patientId, dueOn, timeZone, sent) in open)
        {
            var zone = FollowUpStore.Zone(timeZone);
            if (!FollowUpPolicy.IsOverdue(dueOn, now, zone))
            {
                continue;
            }

            overduePatients.Add(patientId);
            if (!sent && await ledger.RaiseOnceAsync(AlarmKind.FollowupOverdue, patientId, id.ToString(),
                    $"Follow-up due {dueOn:yyyy-MM-dd} was not completed.", FollowUpPolicy.EndOfDay(dueOn, zone), now, ct))
            {
                LogRaised(logger, patientId, id, dueOn);
                raised++;
            }
        }

        foreach (var patientId in await ledger.OpenAlarmPatientsAsync(AlarmKind.FollowupOverdue, ct))
        {
            if (!overduePatients.Contains(patientId))
            {
                await ledger.WithdrawAsync(AlarmKind.FollowupOverdue, patientId, "No follow-up is overdue any more (completed, or home treatment ended).", ct);
            }
        }

        return raised;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Follow-up {FollowUpId} of patient {PatientId} due {DueOn} is overdue: reminder raised")]
    private static partial void LogRaised(ILogger logger, Guid patientId, Guid followUpId, DateOnly dueOn);
}
