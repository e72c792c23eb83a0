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
public sealed partial class FollowUpOverdueSweep(NpgsqlDataSource dataSource, ReminderLedger ledger, ILogger<FollowUpOverdueSweep> logger) : Scheduling.ISweep
{
    /// <summary>The recurring job that runs this sweep (Hangfire id, log and metric tag).</summary>
    public static string JobId => "followup-overdue";

    /// <summary>Returns how many reminders this run raised.</summary>
    public async Task<int> SweepAsync(DateTimeOffset now, CancellationToken ct)
    {
        var raised = 0;
        var overduePatients = new HashSet<Guid>();
        foreach (var followUp in await OpenAsync(null, now, ct))
        {
            if (!FollowUpPolicy.IsOverdue(followUp.DueOn, now, FollowUpStore.Zone(followUp.TimeZone)))
            {
                continue;
            }

            overduePatients.Add(followUp.PatientId);
            if (await RaiseAsync(followUp, now, ct))
            {
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

    /// <summary>
    /// The one-off check of one follow-up, run as a Hangfire delayed job at the end of its clinic-local due
    /// day (<see cref="FollowUpDueCheck"/>): raises its reminder on time when it is still open and overdue,
    /// under the same key as the sweep, so the check, the sweep and any retry raise it once between them.
    /// A follow-up completed, cancelled or moved later meanwhile is left alone. True when this call raised it.
    /// </summary>
    public async Task<bool> CheckOneAsync(Guid followUpId, DateTimeOffset now, CancellationToken ct)
    {
        var open = await OpenAsync(followUpId, now, ct);
        return open is [var followUp] && FollowUpPolicy.IsOverdue(followUp.DueOn, now, FollowUpStore.Zone(followUp.TimeZone))
            && await RaiseAsync(followUp, now, ct);
    }

    private async Task<List<OpenFollowUp>> OpenAsync(Guid? followUpId, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // Every zone's today is within a day of UTC's: the SQL bound only narrows, the policy decides.
        var rows = await connection.QueryAsync<(Guid, Guid, DateOnly, string, bool)>(new CommandDefinition(
            """
            SELECT f.id, f.patient_id, f.due_on, c.time_zone,
                   EXISTS (SELECT 1 FROM reminders_sent r
                           WHERE r.kind = 'followup_overdue' AND r.patient_id = f.patient_id AND r.period_key = f.id::text)
            FROM followups f JOIN patients p ON p.id = f.patient_id JOIN clinics c ON c.id = p.clinic_id
            WHERE f.status = 'due' AND f.due_on <= (@now AT TIME ZONE 'UTC')::date AND (@followUpId::uuid IS NULL OR f.id = @followUpId)
            """,
            new { now, followUpId }, cancellationToken: ct));
        return [.. rows.Select(r => new OpenFollowUp(r.Item1, r.Item2, r.Item3, r.Item4, r.Item5))];
    }

    private async Task<bool> RaiseAsync(OpenFollowUp followUp, DateTimeOffset now, CancellationToken ct)
    {
        var (id, patientId, dueOn, timeZone, sent) = followUp;
        if (sent || !await ledger.RaiseOnceAsync(AlarmKind.FollowupOverdue, patientId, id.ToString(),
                $"Follow-up due {dueOn:yyyy-MM-dd} was not completed.", FollowUpPolicy.EndOfDay(dueOn, FollowUpStore.Zone(timeZone)), now, ct))
        {
            return false;
        }

        LogRaised(logger, patientId, id, dueOn);
        return true;
    }

    private sealed record OpenFollowUp(Guid Id, Guid PatientId, DateOnly DueOn, string TimeZone, bool Sent);

    [LoggerMessage(Level = LogLevel.Information, Message = "Follow-up {FollowUpId} of patient {PatientId} due {DueOn} is overdue: reminder raised")]
    private static partial void LogRaised(ILogger logger, Guid patientId, Guid followUpId, DateOnly dueOn);
}
