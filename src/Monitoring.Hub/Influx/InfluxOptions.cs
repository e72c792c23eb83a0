using System.ComponentModel.DataAnnotations;

namespace Monitoring.Hub.Influx;

public sealed class InfluxOptions
{
    public const string SectionName = "Influx";

    /// <summary>What the hub accepts as a retention policy duration: INF or a whole number of hours, days or weeks.</summary>
    public const string DurationPattern = "^(INF|[1-9][0-9]*[hdw])$";

    /// <summary>Base URL of the InfluxDB HTTP API v1 (<c>/write</c>, <c>/query</c>, <c>/ping</c>).</summary>
    [Required(ErrorMessage = "Influx:Url is required, e.g. http://127.0.0.1:8086.")]
    public Uri? Url { get; set; }

    [Required(ErrorMessage = "Influx:Database is required (the contract names it 'rpm').")]
    [RegularExpression("^[A-Za-z0-9_]+$", ErrorMessage = "Influx:Database may contain only letters, digits and '_'.")]
    public string Database { get; set; } = "rpm";

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>Retention policy the hub writes raw readings to and reads them from; created (as the database's default) at start if missing.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_]+$", ErrorMessage = "Influx:RetentionPolicy may contain only letters, digits and '_'.")]
    public string RetentionPolicy { get; set; } = "rpm_raw";

    /// <summary>
    /// InfluxQL duration of that policy when the hub creates it: <c>INF</c> (keep for ever) or e.g. <c>30d</c>, <c>52w</c> (at least 1h).
    /// An existing policy keeps its duration (a warning names the difference): change it with ALTER RETENTION POLICY (docs/operations.md).
    /// </summary>
    [Required]
    [RegularExpression(DurationPattern, ErrorMessage = "Influx:RetentionDuration must be INF or a whole number of h, d or w (e.g. 30d).")]
    public string RetentionDuration { get; set; } = "30d";

    /// <summary>
    /// Keep 1-minute aggregates of the readings (min, max, sum, count per metric, measurement
    /// <c>vitals_1m</c>) in <see cref="AggregateRetentionPolicy"/>, computed by a continuous query the
    /// hub creates. Off for servers without continuous queries (the v1 API of InfluxDB 2.x and 3.x).
    /// </summary>
    public bool AggregatesEnabled { get; set; } = true;

    [Required]
    [RegularExpression("^[A-Za-z0-9_]+$", ErrorMessage = "Influx:AggregateRetentionPolicy may contain only letters, digits and '_'.")]
    public string AggregateRetentionPolicy { get; set; } = "rpm_1m";

    /// <summary>Duration of the aggregates' policy when the hub creates it (same rules as <see cref="RetentionDuration"/>).</summary>
    [Required]
    [RegularExpression(DurationPattern, ErrorMessage = "Influx:AggregateRetentionDuration must be INF or a whole number of h, d or w (e.g. 365d).")]
    public string AggregateRetentionDuration { get; set; } = "365d";

    /// <summary>Name of the continuous query; created at start, replaced when its definition changed (e.g. the resample settings).</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_]+$", ErrorMessage = "Influx:AggregateContinuousQuery may contain only letters, digits and '_'.")]
    public string AggregateContinuousQuery { get; set; } = "cq_vitals_1m";

    /// <summary>How often the continuous query runs (whole minutes).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan AggregateResampleEvery { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How far back each run recomputes (whole minutes, at least <see cref="AggregateResampleEvery"/>): readings
    /// that arrive later than this after they were taken (a device's backlog) reach the raw policy but not
    /// the aggregates, unless backfilled (docs/operations.md).
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan AggregateResampleFor { get; set; } = TimeSpan.FromHours(2);

    /// <summary>
    /// A vitals query with <c>every</c> of at least this (whole minutes) reads the aggregates, as does one
    /// reaching back past the raw policy's duration; the recent part the continuous query has not finished
    /// is always read from the raw readings.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "31.00:00:00")]
    public TimeSpan AggregateMinEvery { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Lines per <c>/write</c> request at most (a message's lines are never split, so a batch may exceed it by one message).</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 5000;

    /// <summary>
    /// Send <c>/write</c> bodies gzip'd. Worth it when InfluxDB is across a slow or metered link;
    /// on the same host or LAN it only costs CPU on both sides (the benchmark measured InfluxDB's
    /// CPU per reading as the machine's limit), so it is off by default.
    /// </summary>
    public bool Compress { get; set; }

    /// <summary>How long a started batch waits for more lines before it is sent.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan Linger { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Messages waiting for the writer at most. When full, ingestion stops reading MQTT and the
    /// broker keeps the backlog (nothing is acknowledged that is not written).
    /// </summary>
    [Range(1, 1_000_000)]
    public int BufferCapacity { get; set; } = 20_000;

    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan RetryMinDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A batch that has failed for this long makes <c>/health/ready</c> report the writer as stuck.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Points a raw vitals query may return before it must be aggregated with <c>every</c>.</summary>
    [Range(1, 1_000_000)]
    public int MaxQueryPoints { get; set; } = 50_000;
}
