using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Monitoring.Contracts.Metrics;
using Monitoring.Hub.Influx;

namespace Monitoring.Hub.Vitals;

/// <summary>
/// A patient's vital-sign series from InfluxDB. The patient id and the time range are bound
/// parameters (<c>$patient</c>, <c>$from</c>, <c>$to</c>); the only text put into the statement is
/// a metric name from <see cref="VitalMetrics"/> and a whole number of seconds, both checked
/// here again whatever the caller did, so nothing from a request can change the statement.
/// Aggregated queries read the 1-minute aggregates where <see cref="VitalsSource"/> says so.
/// </summary>
public sealed class VitalsQuery(InfluxQuery influx, InfluxSchema schema, IOptions<InfluxOptions> options, TimeProvider time)
{
    public int MaxPoints => options.Value.MaxQueryPoints;

    /// <summary>Raw readings in [from, to), oldest first; null when there are more than <see cref="MaxPoints"/>.</summary>
    public async Task<IReadOnlyList<VitalPoint>?> RawAsync(Guid patientId, string metric, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var field = Field(metric);
        var statement = string.Create(CultureInfo.InvariantCulture,
            $"SELECT \"{field}\" FROM {schema.Qualified(InfluxSchema.VitalsMeasurement)} WHERE \"{InfluxSchema.PatientTag}\" = $patient AND time >= $from AND time < $to ORDER BY time ASC LIMIT {MaxPoints + 1}");
        var series = await influx.ReadAsync(statement, Parameters(patientId, from, to), ct);
        var points = series.SelectMany(s => s.Rows)
            .Where(r => r[1].ValueKind == JsonValueKind.Number)
            .Select(r => new VitalPoint(Time(r[0]), r[1].GetDouble()))
            .ToList();
        return points.Count > MaxPoints ? null : points;
    }

    /// <summary>
    /// Min, mean and max per bucket of <paramref name="everySeconds"/> seconds (buckets aligned to the
    /// epoch, as InfluxDB does): from the aggregates before <see cref="VitalsSource.AggregatesUntil"/>, from the raw readings after it.
    /// </summary>
    public async Task<IReadOnlyList<VitalBucket>> AggregateAsync(
        Guid patientId, string metric, DateTimeOffset from, DateTimeOffset to, long everySeconds, CancellationToken ct)
    {
        var field = Field(metric);
        ArgumentOutOfRangeException.ThrowIfLessThan(everySeconds, 1);
        if (VitalsSource.AggregatesUntil(from, to, everySeconds, time.GetUtcNow(), options.Value) is not { } cut)
        {
            return await BucketsAsync(RawBuckets(field, everySeconds), patientId, from, to, ct);
        }

        var older = await BucketsAsync(AggregateBuckets(field, everySeconds), patientId, from, cut < to ? cut : to, ct);
        return cut >= to ? older : [.. older, .. await BucketsAsync(RawBuckets(field, everySeconds), patientId, cut, to, ct)];
    }

    private string RawBuckets(string field, long everySeconds) => string.Create(CultureInfo.InvariantCulture,
        $"SELECT min(\"{field}\"), mean(\"{field}\"), max(\"{field}\") FROM {schema.Qualified(InfluxSchema.VitalsMeasurement)} WHERE \"{InfluxSchema.PatientTag}\" = $patient AND time >= $from AND time < $to GROUP BY time({everySeconds}s) fill(null)");

    /// <summary>Over the 1-minute rows: the extremes of their extremes, and the mean weighing every reading once (sum of sums over sum of counts).</summary>
    private string AggregateBuckets(string field, long everySeconds) => string.Create(CultureInfo.InvariantCulture,
        $"SELECT min(\"min_{field}\"), sum(\"sum_{field}\") / sum(\"count_{field}\"), max(\"max_{field}\") FROM {schema.QualifiedAggregate(InfluxSchema.VitalsAggregateMeasurement)} WHERE \"{InfluxSchema.PatientTag}\" = $patient AND time >= $from AND time < $to GROUP BY time({everySeconds}s) fill(null)");

    private async Task<IReadOnlyList<VitalBucket>> BucketsAsync(string statement, Guid patientId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var series = await influx.ReadAsync(statement, Parameters(patientId, from, to), ct);
        return [.. series.SelectMany(s => s.Rows).Select(r => new VitalBucket(Time(r[0]), Number(r[1]), Number(r[2]), Number(r[3])))];
    }

    private static string Field(string metric) => VitalMetrics.TryGet(metric, out var definition)
        ? definition.Name
        : throw new ArgumentException($"'{metric}' is not a metric of the contract.", nameof(metric));

    private static Dictionary<string, object?> Parameters(Guid patientId, DateTimeOffset from, DateTimeOffset to) => new()
    {
        ["patient"] = patientId.ToString(),
        ["from"] = from.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
        ["to"] = to.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
    };

    private static DateTimeOffset Time(JsonElement value) =>
        DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static double? Number(JsonElement value) => value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}
