using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using Microsoft.AspNetCore.Http.HttpResults;
using Monitoring.Contracts.Metrics;
using Monitoring.Hub.Api;
using Monitoring.Hub.Auth;
using Monitoring.Hub.Influx;
using Monitoring.Hub.Registry;
using Npgsql;

namespace Monitoring.Hub.Vitals;

/// <summary>
/// <c>GET /api/patients/{id}/vitals?metric=&amp;from=&amp;to=&amp;every=</c>: a patient's readings of one
/// metric, raw (<c>[{t, value}]</c>) or, with <c>every</c>, aggregated (<c>[{t, min, mean, max}]</c>).
/// Only patients of the caller's clinic are found (administrators: all).
/// </summary>
public static partial class VitalsApi
{
    public static readonly TimeSpan DefaultRange = TimeSpan.FromHours(24);
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(366);
    public static readonly TimeSpan MinEvery = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxEvery = TimeSpan.FromDays(31);
    public const int MaxBuckets = 10_000;

    public static RouteGroupBuilder MapVitalsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/patients/{id:guid}/vitals", GetVitals);
        return api;
    }

    public static async Task<Results<Ok<IReadOnlyList<VitalPoint>>, Ok<IReadOnlyList<VitalBucket>>, ValidationProblem, ProblemHttpResult>> GetVitals(
        Guid id,
        string? metric,
        string? from,
        string? to,
        string? every,
        ClinicScope scope,
        NpgsqlDataSource dataSource,
        VitalsQuery vitals,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var errors = new ValidationErrors();
        if (errors.Require("metric", metric) && !VitalMetrics.IsMetric(metric))
        {
            errors.Add("metric", $"must be one of {string.Join(", ", VitalMetrics.All.Select(m => m.Name))}.");
        }

        var end = ParseTime(errors, "to", to) ?? time.GetUtcNow();
        var start = ParseTime(errors, "from", from) ?? end - DefaultRange;
        if (errors.IsEmpty && start >= end)
        {
            errors.Add("from", "must be before 'to'.");
        }
        else if (errors.IsEmpty && end - start > MaxRange)
        {
            errors.Add("from", $"the range may span at most {MaxRange.TotalDays:F0} days.");
        }

        TimeSpan? bucket = null;
        if (every is not null)
        {
            bucket = ParseEvery(every);
            if (bucket is null)
            {
                errors.Add("every", $"must be a duration like 30s, 5m, 1h, 1d or PT5M, from {MinEvery.TotalSeconds:F0} s to {MaxEvery.TotalDays:F0} days, in whole seconds.");
            }
            else if (errors.IsEmpty && (end - start) / bucket.Value > MaxBuckets)
            {
                errors.Add("every", $"would make more than {MaxBuckets} buckets for this range.");
            }
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        if (!await IsVisibleAsync(dataSource, scope, id, cancellationToken))
        {
            return Problems.NotFound("patient", id);
        }

        try
        {
            if (bucket is { } size)
            {
                return TypedResults.Ok(await vitals.AggregateAsync(id, metric!, start, end, (long)size.TotalSeconds, cancellationToken));
            }

            var points = await vitals.RawAsync(id, metric!, start, end, cancellationToken);
            return points is null
                ? Problems.Validation("every", $"the range holds more than {vitals.MaxPoints} readings: narrow it or aggregate with 'every'.")
                : TypedResults.Ok(points);
        }
        catch (Exception ex) when (ex is HttpRequestException or InfluxException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return Problems.Unavailable("InfluxDB does not answer; try again shortly.");
        }
    }

    private static async Task<bool> IsVisibleAsync(NpgsqlDataSource dataSource, ClinicScope scope, Guid patientId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var patient = await PatientStore.FindVisibleAsync(transaction, scope, patientId, forUpdate: false, ct);
        await transaction.CommitAsync(ct);
        return patient is not null;
    }

    private static DateTimeOffset? ParseTime(ValidationErrors errors, string field, string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            && parsed.Year is >= 1970 and <= 2261)
        {
            return parsed;
        }

        errors.Add(field, "must be an ISO-8601 time, e.g. 2026-11-22T08:00:00Z.");
        return null;
    }

    /// <summary>Influx-style (<c>30s</c>, <c>5m</c>, <c>1h</c>, <c>1d</c>) or ISO-8601 (<c>PT5M</c>), whole seconds within bounds; null otherwise.</summary>
    internal static TimeSpan? ParseEvery(string every)
    {
        TimeSpan? span = null;
        var match = ShortDuration().Match(every);
        if (match.Success && long.TryParse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 10_000_000)
        {
            span = match.Groups["unit"].Value switch
            {
                "s" => TimeSpan.FromSeconds(n),
                "m" => TimeSpan.FromMinutes(n),
                "h" => TimeSpan.FromHours(n),
                _ => TimeSpan.FromDays(n),
            };
        }
        else if (every.StartsWith('P'))
        {
            try
            {
                span = XmlConvert.ToTimeSpan(every);
            }
            catch (FormatException)
            {
                return null;
            }
            catch (OverflowException)
            {
                return null;
            }
        }

        return span is { } s && s >= MinEvery && s <= MaxEvery && s.Ticks % TimeSpan.TicksPerSecond == 0 ? s : null;
    }

    [GeneratedRegex("^(?<n>[0-9]{1,8})(?<unit>[smhd])$")]
    private static partial Regex ShortDuration();
}
