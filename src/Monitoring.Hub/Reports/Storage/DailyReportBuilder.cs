using Dapper;
using Monitoring.Domain.FollowUps;
using Monitoring.Hub.Reports.Model;
using Npgsql;

namespace Monitoring.Hub.Reports.Storage;

/// <summary>
/// Computes a clinic's <see cref="DailyReport"/> for one clinic-local day from PostgreSQL, in one
/// repeatable-read snapshot: the day is [local midnight, next local midnight) in the clinic's zone (23 or
/// 25 hours on a daylight-saving change). Every figure's definition is on its model type; docs/referrals.md
/// lists them.
/// </summary>
internal sealed class DailyReportBuilder(NpgsqlDataSource dataSource)
{
    /// <summary>The report, or null when the clinic does not exist.</summary>
    public async Task<DailyReport?> BuildAsync(Guid clinicId, DateOnly date, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var clinic = await connection.QuerySingleOrDefaultAsync<(string Name, string TimeZone)?>(new CommandDefinition(
            "SELECT name, time_zone FROM clinics WHERE id = @clinicId", new { clinicId }, transaction, cancellationToken: ct));
        if (clinic is not { } found)
        {
            return null;
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(found.TimeZone);
        var from = ClinicWeek.LocalMidnight(date, zone);
        var to = ClinicWeek.LocalMidnight(date.AddDays(1), zone);
        var p = new { clinicId, from, to, date };

        Task<int> Count(string sql) => connection.ExecuteScalarAsync<int>(new CommandDefinition(sql, p, transaction, cancellationToken: ct));

        // Tier at the day's end: the last assessment before it (a patient re-tiered tomorrow keeps today's tier here).
        var tiers = (await connection.QueryAsync<(string Tier, int Count)>(new CommandDefinition(
            """
            SELECT coalesce((SELECT h.tier FROM patient_tier_history h WHERE h.patient_id = p.id AND h.assessed_at < @to
                             ORDER BY h.assessed_at DESC, h.id DESC LIMIT 1), p.risk_tier) AS tier, count(*)::int
            FROM patients p
            WHERE p.clinic_id = @clinicId
              AND EXISTS (SELECT 1 FROM episodes e WHERE e.patient_id = p.id AND e.started_at < @to AND (e.ended_at IS NULL OR e.ended_at >= @from))
            GROUP BY 1
            """, p, transaction, cancellationToken: ct))).ToDictionary(r => r.Tier, r => r.Count, StringComparer.Ordinal);
        int Tier(string tier) => tiers.TryGetValue(tier, out var n) ? n : 0;

        const string ClinicEpisodes = "FROM episodes e JOIN patients p ON p.id = e.patient_id WHERE p.clinic_id = @clinicId";
        var patients = new ReportPatients(
            tiers.Values.Sum(), Tier("red"), Tier("yellow"), Tier("green"),
            await Count($"SELECT count(*)::int {ClinicEpisodes} AND e.started_at >= @from AND e.started_at < @to"),
            await Count($"SELECT count(*)::int {ClinicEpisodes} AND e.ended_at >= @from AND e.ended_at < @to"),
            await Count($"SELECT count(*)::int {ClinicEpisodes} AND e.ended_at >= @from AND e.ended_at < @to AND e.end_reason = 'referred'"));

        var acknowledge = await connection.QuerySingleAsync<(double? Median, double? P90)>(new CommandDefinition(
            """
            SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM acknowledged_at - raised_at) / 60),
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM acknowledged_at - raised_at) / 60)
            FROM alarms WHERE clinic_id = @clinicId AND acknowledged_at >= @from AND acknowledged_at < @to
            """, p, transaction, cancellationToken: ct));
        var alarms = new ReportAlarms(
            await Count("SELECT count(*)::int FROM alarms WHERE clinic_id = @clinicId AND raised_at >= @from AND raised_at < @to"),
            await Count("SELECT count(*)::int FROM alarms WHERE clinic_id = @clinicId AND acknowledged_at >= @from AND acknowledged_at < @to"),
            acknowledge.Median, acknowledge.P90,
            await Count(OpenAtDayEnd(null)));

        var followUps = new ReportFollowUps(
            await Count("SELECT count(*)::int FROM followups f JOIN patients p ON p.id = f.patient_id WHERE p.clinic_id = @clinicId AND f.completed_at >= @from AND f.completed_at < @to"),
            await Count(
                """
                SELECT count(*)::int FROM followups f JOIN patients p ON p.id = f.patient_id
                WHERE p.clinic_id = @clinicId AND f.due_on <= @date AND f.created_at < @to
                  AND (f.completed_at IS NULL OR f.completed_at >= @to) AND (f.cancelled_at IS NULL OR f.cancelled_at >= @to)
                """),
            await Count("SELECT count(*)::int FROM contacts c JOIN patients p ON p.id = c.patient_id WHERE p.clinic_id = @clinicId AND c.at >= @from AND c.at < @to"),
            await Count("SELECT count(*)::int FROM alarms WHERE clinic_id = @clinicId AND kind = 'contact_cadence_missed' AND raised_at >= @from AND raised_at < @to"));

        var states = (await connection.QueryAsync<(string State, int Count)>(new CommandDefinition(
            """
            SELECT (SELECT ev.state FROM referral_events ev WHERE ev.referral_id = r.id AND ev.at < @to ORDER BY ev.at DESC, ev.id DESC LIMIT 1), count(*)::int
            FROM referrals r
            WHERE r.clinic_id = @clinicId AND r.requested_at < @to AND (r.closed_at IS NULL OR r.closed_at >= @from)
            GROUP BY 1
            """, p, transaction, cancellationToken: ct))).ToDictionary(r => r.State, r => r.Count, StringComparer.Ordinal);
        var referrals = new ReportReferrals(
            await Count("SELECT count(*)::int FROM referrals WHERE clinic_id = @clinicId AND requested_at >= @from AND requested_at < @to"),
            states,
            await connection.ExecuteScalarAsync<double?>(new CommandDefinition(
                """
                SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM ev.at - r.requested_at) / 60)
                FROM referrals r JOIN referral_events ev ON ev.referral_id = r.id AND ev.state = 'admitted'
                WHERE r.clinic_id = @clinicId AND ev.at >= @from AND ev.at < @to
                """, p, transaction, cancellationToken: ct)));

        const string LiveDevices = "FROM devices d WHERE d.clinic_id = @clinicId AND d.registered_at < @to AND (d.revoked_at IS NULL OR d.revoked_at >= @to)";
        const string WornAtDayEnd = "EXISTS (SELECT 1 FROM device_assignments a WHERE a.device_id = d.id AND a.from_at < @to AND (a.to_at IS NULL OR a.to_at >= @to))";
        var devices = new ReportDevices(
            await Count($"SELECT count(*)::int {LiveDevices} AND {WornAtDayEnd}"),
            await Count($"SELECT count(*)::int {LiveDevices} AND NOT {WornAtDayEnd}"),
            await Count(OpenAtDayEnd("device_silent")),
            await Count(OpenAtDayEnd("battery_low")));

        await transaction.CommitAsync(ct);
        return new DailyReport(clinicId, found.Name, date, found.TimeZone, from, to, now, now >= to, patients, alarms, followUps, referrals, devices);
    }

    private static string OpenAtDayEnd(string? kind) =>
        $"SELECT count(*)::int FROM alarms WHERE clinic_id = @clinicId AND raised_at < @to AND (resolved_at IS NULL OR resolved_at >= @to){(kind is null ? "" : $" AND kind = '{kind}'")}";
}
