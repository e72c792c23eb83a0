using System.Globalization;
using Microsoft.Extensions.Options;

namespace Monitoring.Hub.Influx;

/// <summary>
/// What the hub writes to InfluxDB, and the start-up step that makes sure the database, the
/// retention policies and the aggregating continuous query exist. Names come from validated
/// options (letters, digits, '_'), so quoting them as identifiers is safe.
/// </summary>
public sealed partial class InfluxSchema(InfluxQuery query, IOptions<InfluxOptions> options, ILogger<InfluxSchema> logger)
{
    /// <summary>Vital signs: tags clinic, device, patient; one float field per metric name (contract, "InfluxDB").</summary>
    public const string VitalsMeasurement = "vitals";

    /// <summary>
    /// 1-minute aggregates of <see cref="VitalsMeasurement"/> in the aggregate policy, same tags; per
    /// metric the fields <c>min_{metric}</c>, <c>max_{metric}</c>, <c>sum_{metric}</c>, <c>count_{metric}</c>
    /// (sum and count so means over longer buckets weigh each reading once).
    /// </summary>
    public const string VitalsAggregateMeasurement = "vitals_1m";

    /// <summary>Reported events: same tags; string field <c>symptom</c>, boolean field <c>antigen</c>.</summary>
    public const string EventsMeasurement = "events";

    public const string ClinicTag = "clinic";
    public const string DeviceTag = "device";
    public const string PatientTag = "patient";

    private readonly InfluxOptions _options = options.Value;

    /// <summary><c>"db"."rp"."measurement"</c> in the raw policy, for FROM clauses.</summary>
    public string Qualified(string measurement) => $"\"{_options.Database}\".\"{_options.RetentionPolicy}\".\"{measurement}\"";

    /// <summary><c>"db"."rp"."measurement"</c> in the aggregate policy.</summary>
    public string QualifiedAggregate(string measurement) => $"\"{_options.Database}\".\"{_options.AggregateRetentionPolicy}\".\"{measurement}\"";

    /// <summary>
    /// The continuous query's SELECT: every vitals field's min, max, sum and count per minute, per
    /// series (GROUP BY * keeps the tags), into <see cref="VitalsAggregateMeasurement"/>.
    /// <paramref name="timeRange"/> is a WHERE clause for backfilling by hand; a continuous query has none.
    /// </summary>
    public string AggregateSelect(string? timeRange = null) =>
        $"SELECT min(*), max(*), sum(*), count(*) INTO {QualifiedAggregate(VitalsAggregateMeasurement)} FROM {Qualified(VitalsMeasurement)}"
        + (timeRange is null ? "" : $" WHERE {timeRange}")
        + " GROUP BY time(1m), *";

    /// <summary>The aggregates of [from, to) computed now, as the continuous query would (idempotent: same points overwrite).</summary>
    public string BackfillStatement(DateTimeOffset from, DateTimeOffset to) =>
        AggregateSelect(string.Create(CultureInfo.InvariantCulture, $"time >= {from.ToUnixTimeMilliseconds()}ms AND time < {to.ToUnixTimeMilliseconds()}ms"));

    public string ContinuousQueryStatement =>
        $"CREATE CONTINUOUS QUERY \"{_options.AggregateContinuousQuery}\" ON \"{_options.Database}\" "
        + $"RESAMPLE EVERY {InfluxDuration.Literal(_options.AggregateResampleEvery)} FOR {InfluxDuration.Literal(_options.AggregateResampleFor)} "
        + $"BEGIN {AggregateSelect()} END";

    /// <summary>
    /// Creates what is missing: the database, the raw policy (as default), the aggregate policy and
    /// the continuous query. Safe on every start: existing policies are kept as they are (an operator
    /// may have altered them), and the continuous query is recreated only when its definition changed.
    /// </summary>
    public async Task EnsureAsync(CancellationToken ct)
    {
        await query.ExecuteAsync($"CREATE DATABASE \"{_options.Database}\"", ct);
        var policies = (await query.ReadAsync($"SHOW RETENTION POLICIES ON \"{_options.Database}\"", null, ct))
            .SelectMany(s => s.Rows)
            .ToDictionary(r => r[0].GetString() ?? "", r => r[1].ToString(), StringComparer.Ordinal);
        await EnsurePolicyAsync(policies, _options.RetentionPolicy, _options.RetentionDuration, isDefault: true, ct);
        if (!_options.AggregatesEnabled)
        {
            return;
        }

        await EnsurePolicyAsync(policies, _options.AggregateRetentionPolicy, _options.AggregateRetentionDuration, isDefault: false, ct);
        await EnsureContinuousQueryAsync(ct);
    }

    private async Task EnsurePolicyAsync(Dictionary<string, string> existing, string name, string duration, bool isDefault, CancellationToken ct)
    {
        if (!existing.TryGetValue(name, out var shown))
        {
            await query.ExecuteAsync(
                $"CREATE RETENTION POLICY \"{name}\" ON \"{_options.Database}\" DURATION {duration} REPLICATION 1{(isDefault ? " DEFAULT" : "")}", ct);
            LogCreated(logger, _options.Database, name, duration);
        }
        else if (shown != InfluxDuration.Shown(InfluxDuration.Parse(duration)))
        {
            LogDifferentDuration(logger, _options.Database, name, shown, duration);
        }
    }

    private async Task EnsureContinuousQueryAsync(CancellationToken ct)
    {
        var statement = ContinuousQueryStatement;
        try
        {
            // A no-op when a query of that name exists with the same definition.
            await query.ExecuteAsync(statement, ct);
        }
        catch (InfluxException ex) when (ex.Message.Contains("already exists", StringComparison.Ordinal))
        {
            await query.ExecuteAsync($"DROP CONTINUOUS QUERY \"{_options.AggregateContinuousQuery}\" ON \"{_options.Database}\"", ct);
            await query.ExecuteAsync(statement, ct);
            LogReplacedQuery(logger, _options.Database, _options.AggregateContinuousQuery);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "InfluxDB database {Database}: created retention policy {RetentionPolicy} ({Duration})")]
    private static partial void LogCreated(ILogger logger, string database, string retentionPolicy, string duration);

    [LoggerMessage(Level = LogLevel.Warning, Message = "InfluxDB database {Database}: retention policy {RetentionPolicy} keeps data for {Existing}, not the configured {Configured}; the hub leaves it (ALTER RETENTION POLICY changes it)")]
    private static partial void LogDifferentDuration(ILogger logger, string database, string retentionPolicy, string existing, string configured);

    [LoggerMessage(Level = LogLevel.Information, Message = "InfluxDB database {Database}: continuous query {ContinuousQuery} replaced with the configured definition")]
    private static partial void LogReplacedQuery(ILogger logger, string database, string continuousQuery);
}
