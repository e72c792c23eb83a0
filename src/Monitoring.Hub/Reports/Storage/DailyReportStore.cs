using System.Text.Json;
using Dapper;
using Monitoring.Hub.Api;
using Monitoring.Hub.Reports.Model;
using Npgsql;

namespace Monitoring.Hub.Reports.Storage;

/// <summary>
/// The kept daily reports (<c>daily_reports</c>): a report of a finished day is stored once, as produced,
/// and read back unchanged; a day still running is computed afresh on every read and never stored.
/// </summary>
internal sealed class DailyReportStore(NpgsqlDataSource dataSource, DailyReportBuilder builder)
{
    public async Task<DailyReport?> GetStoredAsync(Guid clinicId, DateOnly date, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var json = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT report::text FROM daily_reports WHERE clinic_id = @clinicId AND day = @date", new { clinicId, date }, cancellationToken: ct));
        return json is null ? null : JsonSerializer.Deserialize<DailyReport>(json, ApiJson.Options);
    }

    /// <summary>The stored report, or one computed now (and stored when its day is over); null when the clinic does not exist.</summary>
    public async Task<DailyReport?> GetAsync(Guid clinicId, DateOnly date, DateTimeOffset now, CancellationToken ct)
    {
        if (await GetStoredAsync(clinicId, date, ct) is { } stored)
        {
            return stored;
        }

        var report = await builder.BuildAsync(clinicId, date, now, ct);
        if (report is not { Complete: true })
        {
            return report;
        }

        await SaveAsync(report, ct);
        return await GetStoredAsync(clinicId, date, ct);
    }

    /// <summary>Keeps the report unless one is kept for its day already (two hubs producing the same morning's report).</summary>
    public async Task<bool> SaveAsync(DailyReport report, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO daily_reports (clinic_id, day, generated_at, report) VALUES (@ClinicId, @Date, @GeneratedAt, @json::jsonb)
            ON CONFLICT DO NOTHING
            """,
            new { report.ClinicId, report.Date, report.GeneratedAt, json = JsonSerializer.Serialize(report, ApiJson.Options) },
            cancellationToken: ct)) == 1;
    }

    /// <summary>Every clinic with its zone (for the morning sweep).</summary>
    public async Task<IReadOnlyList<(Guid Id, string TimeZone)>> ClinicsAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return [.. await connection.QueryAsync<(Guid, string)>(new CommandDefinition("SELECT id, time_zone FROM clinics", cancellationToken: ct))];
    }
}
