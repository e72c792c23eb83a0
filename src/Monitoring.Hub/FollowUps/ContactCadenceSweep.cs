using Dapper;
using Monitoring.Domain.Alarms;
using Monitoring.Domain.FollowUps;
using Monitoring.Domain.Risk;
using Monitoring.Hub.Api;
using Monitoring.Hub.Thresholds;
using Npgsql;

namespace Monitoring.Hub.FollowUps;

/// <summary>
/// After each clinic's local ISO week ends, raises <c>contact_cadence_missed</c> once per patient
/// whose tier required more contacts than the week had (key: <c>2026-W47</c>). Only the week that
/// most recently ended is checked: a hub down for longer does not replay older weeks (the worklist
/// and the contacts table still show them). The tier is the patient's current one.
/// </summary>
public sealed partial class ContactCadenceSweep(
    NpgsqlDataSource dataSource, ThresholdStore thresholds, ReminderLedger ledger, ILogger<ContactCadenceSweep> logger) : Scheduling.ISweep
{
    /// <summary>The recurring job that runs this sweep (Hangfire id, log and metric tag).</summary>
    public static string JobId => "contact-cadence";

    public async Task<int> SweepAsync(DateTimeOffset now, CancellationToken ct)
    {
        List<CadenceRow> rows;
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        {
            rows = [.. await connection.QueryAsync<CadenceRow>(new CommandDefinition(
                """
                SELECT p.id AS patient_id, p.clinic_id, p.risk_tier, p.created_at, c.time_zone
                FROM patients p JOIN clinics c ON c.id = p.clinic_id
                WHERE p.risk_tier IN ('yellow', 'red')
                """,
                cancellationToken: ct))];
        }

        var raised = 0;
        foreach (var clinic in rows.GroupBy(r => (r.ClinicId, r.TimeZone)))
        {
            var zone = FollowUpStore.Zone(clinic.Key.TimeZone);
            var week = ClinicWeek.LastEnded(now, zone);
            var candidates = clinic.Where(r => r.CreatedAt <= week.Start).ToList();
            if (candidates.Count == 0)
            {
                continue;
            }

            var sent = await ledger.SentAsync(AlarmKind.ContactCadenceMissed, [week.Key], ct);
            candidates.RemoveAll(r => sent.Contains((r.PatientId, week.Key)));
            var counts = await CountAsync([.. candidates.Select(r => r.PatientId)], week, ct);
            foreach (var row in candidates)
            {
                var effective = await thresholds.GetEffectiveAsync(row.ClinicId, row.PatientId, ct);
                var status = ContactCadence.Status(week, Codes.Parse<RiskTier>(row.RiskTier), counts.GetValueOrDefault(row.PatientId), effective.Thresholds);
                if (ContactCadence.Missed(week, row.CreatedAt, status, now)
                    && await ledger.RaiseOnceAsync(AlarmKind.ContactCadenceMissed, row.PatientId, week.Key,
                        $"{status.Contacts} of {status.Required} contacts in {week.Key} ({row.RiskTier}).", week.End, now, ct))
                {
                    LogRaised(logger, row.PatientId, week.Key, status.Contacts, status.Required);
                    raised++;
                }
            }
        }

        return raised;
    }

    private async Task<Dictionary<Guid, int>> CountAsync(Guid[] ids, ClinicWeek week, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(Guid, int)>(new CommandDefinition(
            "SELECT patient_id, count(*)::int FROM contacts WHERE patient_id = ANY(@ids) AND at >= @from AND at < @to GROUP BY patient_id",
            new { ids, from = week.Start, to = week.End }, cancellationToken: ct));
        return rows.ToDictionary(r => r.Item1, r => r.Item2);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Patient {PatientId} had {Contacts} of {Required} contacts in {Week}: reminder raised")]
    private static partial void LogRaised(ILogger logger, Guid patientId, string week, int contacts, int required);

    private sealed class CadenceRow
    {
        public Guid PatientId { get; set; }

        public Guid ClinicId { get; set; }

        public string RiskTier { get; set; } = "";

        public DateTimeOffset CreatedAt { get; set; }

        public string TimeZone { get; set; } = "";
    }
}
