using System.Globalization;
using Monitoring.Domain.Alarms;
using Monitoring.Domain.FollowUps;
using Monitoring.Hub.Api;
using Npgsql;

namespace Monitoring.Hub.FollowUps;

/// <summary>
/// Raises <c>booster_due</c> (low) once per patient whose second booster is due on the clinic's today
/// (<see cref="BoosterPolicy"/>; key: the first booster's date, so a corrected date is a new reminder),
/// and withdraws (resolves as <c>system</c>) the open <c>booster_due</c> alarm of a patient no longer due:
/// the second booster was recorded or the record changed.
/// </summary>
public sealed partial class BoosterDueSweep(NpgsqlDataSource dataSource, ReminderLedger ledger, ILogger<BoosterDueSweep> logger) : Scheduling.ISweep
{
    /// <summary>The recurring job that runs this sweep (Hangfire id, log and metric tag).</summary>
    public static string JobId => "booster-due";

    /// <summary>Returns how many reminders this run raised.</summary>
    public async Task<int> SweepAsync(DateTimeOffset now, CancellationToken ct)
    {
        IReadOnlyList<BoosterFacts> pending;
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        await using (var transaction = await connection.BeginTransactionAsync(ct))
        {
            pending = await BoosterStore.LoadPendingAsync(transaction, clinicFilter: null, ct);
            await transaction.CommitAsync(ct);
        }

        var due = pending.Select(f => (Facts: f, Status: f.StatusAt(now))).Where(d => d.Status.Due).ToList();
        var sent = await ledger.SentAsync(AlarmKind.BoosterDue, [.. due.Select(d => Key(d.Facts.FirstBoosterOn!.Value)).Distinct()], ct);
        var raised = 0;
        foreach (var (facts, status) in due)
        {
            var key = Key(facts.FirstBoosterOn!.Value);
            var dueOn = status.DueOn!.Value;
            if (!sent.Contains((facts.PatientId, key))
                && await ledger.RaiseOnceAsync(AlarmKind.BoosterDue, facts.PatientId, key,
                    $"Second booster due since {dueOn:yyyy-MM-dd} (first booster {key}; {string.Join(", ", status.Groups.Select(Codes.Of))}).",
                    ClinicWeek.LocalMidnight(dueOn, FollowUpStore.Zone(facts.TimeZone)), now, ct))
            {
                LogRaised(logger, facts.PatientId, dueOn);
                raised++;
            }
        }

        var duePatients = due.Select(d => d.Facts.PatientId).ToHashSet();
        foreach (var patientId in await ledger.OpenAlarmPatientsAsync(AlarmKind.BoosterDue, ct))
        {
            if (!duePatients.Contains(patientId))
            {
                await ledger.WithdrawAsync(AlarmKind.BoosterDue, patientId, "The second booster is no longer due (recorded, or the booster record changed).", ct);
            }
        }

        return raised;
    }

    private static string Key(DateOnly firstBoosterOn) => firstBoosterOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Patient {PatientId}: second booster due since {DueOn}, reminder raised")]
    private static partial void LogRaised(ILogger logger, Guid patientId, DateOnly dueOn);
}
