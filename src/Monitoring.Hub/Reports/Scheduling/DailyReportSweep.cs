using Microsoft.Extensions.Options;
using Monitoring.Hub.Reports.Storage;

namespace Monitoring.Hub.Reports.Scheduling;

/// <summary>
/// Produces and keeps each clinic's report of its previous clinic-local day once the clinic's morning has
/// come (<see cref="ReportsOptions.ProduceAfterLocalTime"/>). Idempotent: a kept report is never produced
/// again, so it may run often and from any hub.
/// </summary>
internal sealed partial class DailyReportSweep(DailyReportStore store, DailyReportBuilder builder, IOptions<ReportsOptions> options, ILogger<DailyReportSweep> logger) : Hub.Scheduling.ISweep
{
    /// <summary>The recurring job that runs this sweep (Hangfire id, log and metric tag).</summary>
    public static string JobId => "daily-report";

    /// <summary>Returns how many reports this run produced.</summary>
    public async Task<int> SweepAsync(DateTimeOffset now, CancellationToken ct)
    {
        var produced = 0;
        foreach (var (clinicId, timeZone) in await store.ClinicsAsync(ct))
        {
            var local = TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(timeZone));
            if (local.TimeOfDay < options.Value.ProduceAfterLocalTime)
            {
                continue;
            }

            var yesterday = DateOnly.FromDateTime(local.DateTime).AddDays(-1);
            if (await store.GetStoredAsync(clinicId, yesterday, ct) is not null
                || await builder.BuildAsync(clinicId, yesterday, now, ct) is not { Complete: true } report)
            {
                continue;
            }

            if (await store.SaveAsync(report, ct))
            {
                LogProduced(logger, clinicId, yesterday);
                produced++;
            }
        }

        return produced;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Daily report of clinic {ClinicId} for {Date} produced and kept")]
    private static partial void LogProduced(ILogger logger, Guid clinicId, DateOnly date);
}
