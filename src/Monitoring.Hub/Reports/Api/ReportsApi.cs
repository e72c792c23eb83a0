using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Monitoring.Hub.Api;
using Monitoring.Hub.Auth;
using Monitoring.Hub.Database;
using Monitoring.Hub.Reports.Model;
using Monitoring.Hub.Reports.Storage;
using Monitoring.Hub.Registry;

namespace Monitoring.Hub.Reports.Api;

/// <summary>The clinic's daily status (<c>/api/reports/daily</c>, 004_306304aaac2aa708.txt 19) and its trend.</summary>
internal static class ReportsApi
{
    public const int MaxTrendDays = 31;

    public static RouteGroupBuilder Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/reports/daily", GetDaily);
        api.MapGet("/reports/daily/trend", GetTrend);
        return api;
    }

    /// <summary>
    /// <c>clinicId</c> (a nurse's or doctor's own clinic by default), <c>date</c> (YYYY-MM-DD, clinic-local,
    /// not after today), <c>format</c> json (default) or xlsx. A finished day answers its kept report.
    /// </summary>
    public static async Task<Results<Ok<DailyReport>, FileContentHttpResult, ValidationProblem, ProblemHttpResult>> GetDaily(
        string? clinicId, string? date, string? format, ClinicScope scope, ClinicStore clinics, DailyReportStore reports, TimeProvider time,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var errors = new ValidationErrors();
        var clinic = errors.OptionalGuid("clinicId", clinicId) ?? (clinicId is null ? scope.ClinicId : null);
        if (clinicId is null && clinic is null)
        {
            errors.Add("clinicId", "is required for an administrator.");
        }

        DateOnly? day = null;
        if (errors.Require("date", date))
        {
            if (DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                day = parsed;
            }
            else
            {
                errors.Add("date", "must be a date YYYY-MM-DD.");
            }
        }

        if (format is not null and not "json" and not "xlsx")
        {
            errors.Add("format", "must be json or xlsx.");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var now = time.GetStoredUtcNow();
        if (await clinics.GetAsync(scope, clinic!.Value, cancellationToken) is not { } found)
        {
            return Problems.NotFound("clinic", clinic!.Value);
        }

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(found.TimeZone)).DateTime);
        if (day > today)
        {
            return Problems.Validation("date", $"must not be after the clinic's today ({today:yyyy-MM-dd}).");
        }

        var report = (await reports.GetAsync(found.Id, day!.Value, now, cancellationToken))!;
        return format == "xlsx"
            ? TypedResults.File(DailyReportWorkbook.Write(report), DailyReportWorkbook.ContentType, $"daily-status-{report.Date:yyyy-MM-dd}.xlsx")
            : TypedResults.Ok(report);
    }

    /// <summary>The reports of the <c>days</c> (1-31, default 14) clinic-local days up to <c>to</c> (default today), oldest first.</summary>
    public static async Task<Results<Ok<IReadOnlyList<DailyReport>>, ValidationProblem, ProblemHttpResult>> GetTrend(
        string? clinicId, string? to, string? days, ClinicScope scope, ClinicStore clinics, DailyReportStore reports, TimeProvider time,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var errors = new ValidationErrors();
        var clinic = errors.OptionalGuid("clinicId", clinicId) ?? (clinicId is null ? scope.ClinicId : null);
        if (clinicId is null && clinic is null)
        {
            errors.Add("clinicId", "is required for an administrator.");
        }

        DateOnly? end = null;
        if (to is not null)
        {
            if (DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                end = parsed;
            }
            else
            {
                errors.Add("to", "must be a date YYYY-MM-DD.");
            }
        }

        var count = 14;
        if (days is not null && (!int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxTrendDays))
        {
            errors.Add("days", $"must be a whole number from 1 to {MaxTrendDays}.");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var now = time.GetStoredUtcNow();
        if (await clinics.GetAsync(scope, clinic!.Value, cancellationToken) is not { } found)
        {
            return Problems.NotFound("clinic", clinic!.Value);
        }

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(found.TimeZone)).DateTime);
        var last = end is { } e && e < today ? e : today;
        var list = new List<DailyReport>();
        for (var d = last.AddDays(1 - count); d <= last; d = d.AddDays(1))
        {
            list.Add((await reports.GetAsync(found.Id, d, now, cancellationToken))!);
        }

        return TypedResults.Ok<IReadOnlyList<DailyReport>>(list);
    }
}
