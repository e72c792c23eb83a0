using Dapper;
using Monitoring.Domain.Alarms;
using Monitoring.Domain.FollowUps;
using Monitoring.Hub.Thresholds;
using Npgsql;

namespace Monitoring.Hub.FollowUps;

/// <summary>
/// After each clinic's morning and evening temperature-check windows close (clinic local time, the
/// clinic's thresholds), raises <c>temperature_check_missed</c> once per patient in home treatment
/// for the whole window who had no temperature reading taken in it (key: <c>2026-11-22/morning</c>).
/// Windows that closed within <see cref="Lookback"/> are checked, so a missed run is made up by the
/// next one and a long outage reminds about the last day only.
/// </summary>
public sealed partial class TemperatureCheckSweep(
    NpgsqlDataSource dataSource, ThresholdStore thresholds, ITemperatureReadings readings, ReminderLedger ledger, ILogger<TemperatureCheckSweep> logger) : Scheduling.ISweep
{
    /// <summary>The recurring job that runs this sweep (Hangfire id, log and metric tag).</summary>
    public static string JobId => "temperature-check";

    public static readonly TimeSpan Lookback = TimeSpan.FromHours(24);

    public async Task<int> SweepAsync(DateTimeOffset now, CancellationToken ct)
    {
        List<MonitoredRow> rows;
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        {
            rows = [.. await connection.QueryAsync<MonitoredRow>(new CommandDefinition(
                """
                SELECT p.id AS patient_id, p.clinic_id, c.time_zone, e.started_at
                FROM episodes e JOIN patients p ON p.id = e.patient_id JOIN clinics c ON c.id = p.clinic_id
                WHERE e.ended_at IS NULL
                """,
                cancellationToken: ct))];
        }

        var raised = 0;
        foreach (var clinic in rows.GroupBy(r => (r.ClinicId, r.TimeZone)))
        {
            var zone = FollowUpStore.Zone(clinic.Key.TimeZone);
            // Windows are a clinic setting: the clinic's effective thresholds (patient overrides of a window are not used).
            var settings = (await thresholds.GetEffectiveAsync(clinic.Key.ClinicId, Guid.Empty, ct)).Thresholds;
            var windows = TemperatureCheckWindows.ClosedWithin(now, Lookback, zone, settings.MorningCheckWindow, settings.EveningCheckWindow);
            if (windows.Count == 0)
            {
                continue;
            }

            var sent = await ledger.SentAsync(AlarmKind.TemperatureCheckMissed, [.. windows.Select(w => w.Key)], ct);
            foreach (var window in windows)
            {
                var due = clinic.Where(r => r.StartedAt <= window.Start && !sent.Contains((r.PatientId, window.Key))).ToList();
                if (due.Count == 0)
                {
                    continue;
                }

                var measured = await readings.PatientsWithReadingAsync(clinic.Key.ClinicId, window.Start, window.End, ct);
                foreach (var row in due)
                {
                    if (TemperatureCheckWindows.Missed(window, row.StartedAt, measured.Contains(row.PatientId), now)
                        && await ledger.RaiseOnceAsync(AlarmKind.TemperatureCheckMissed, row.PatientId, window.Key,
                            $"No temperature reading in the {window.Key} check window.", window.End, now, ct))
                    {
                        LogRaised(logger, row.PatientId, window.Key);
                        raised++;
                    }
                }
            }
        }

        return raised;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Patient {PatientId} missed the temperature check {Window}: reminder raised")]
    private static partial void LogRaised(ILogger logger, Guid patientId, string window);

    private sealed class MonitoredRow
    {
        public Guid PatientId { get; set; }

        public Guid ClinicId { get; set; }

        public string TimeZone { get; set; } = "";

        public DateTimeOffset StartedAt { get; set; }
    }
}
