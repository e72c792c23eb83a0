using Microsoft.Extensions.Options;

namespace Monitoring.Hub.Influx;

/// <summary>
/// What the hub writes to InfluxDB, and the start-up step that makes sure the database and the
/// retention policy exist. Names come from validated options (letters, digits, '_'), so quoting
/// them as identifiers is safe.
/// </summary>
public sealed partial class InfluxSchema(InfluxQuery query, IOptions<InfluxOptions> options, ILogger<InfluxSchema> logger)
{
    /// <summary>Vital signs: tags clinic, device, patient; one float field per metric name (contract, "InfluxDB").</summary>
    public const string VitalsMeasurement = "vitals";

    /// <summary>Reported events: same tags; string field <c>symptom</c>, boolean field <c>antigen</c>.</summary>
    public const string EventsMeasurement = "events";

    public const string ClinicTag = "clinic";
    public const string DeviceTag = "device";
    public const string PatientTag = "patient";

    private readonly InfluxOptions _options = options.Value;

    /// <summary><c>"db"."rp"."measurement"</c>, for FROM clauses.</summary>
    public string Qualified(string measurement) => $"\"{_options.Database}\".\"{_options.RetentionPolicy}\".\"{measurement}\"";

    /// <summary>Creates the database and the retention policy when missing (both statements are no-ops when they exist).</summary>
    public async Task EnsureAsync(CancellationToken ct)
    {
        await query.ExecuteAsync($"CREATE DATABASE \"{_options.Database}\"", ct);
        var policies = await query.ReadAsync($"SHOW RETENTION POLICIES ON \"{_options.Database}\"", null, ct);
        var existing = policies.SelectMany(s => s.Rows).FirstOrDefault(r => r[0].GetString() == _options.RetentionPolicy);
        if (existing is null)
        {
            await query.ExecuteAsync(
                $"CREATE RETENTION POLICY \"{_options.RetentionPolicy}\" ON \"{_options.Database}\" DURATION {_options.RetentionDuration} REPLICATION 1 DEFAULT", ct);
            LogCreated(logger, _options.Database, _options.RetentionPolicy, _options.RetentionDuration);
        }
        else
        {
            // An existing policy is left as an operator may have changed it; the hub only reports it.
            LogExisting(logger, _options.Database, _options.RetentionPolicy, existing[1].ToString());
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "InfluxDB database {Database}: created retention policy {RetentionPolicy} ({Duration}) as default")]
    private static partial void LogCreated(ILogger logger, string database, string retentionPolicy, string duration);

    [LoggerMessage(Level = LogLevel.Information, Message = "InfluxDB database {Database}: retention policy {RetentionPolicy} exists (duration {Duration})")]
    private static partial void LogExisting(ILogger logger, string database, string retentionPolicy, string duration);
}
