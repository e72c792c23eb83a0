using System.ComponentModel.DataAnnotations;

namespace Monitoring.Hub.Influx;

public sealed class InfluxOptions
{
    public const string SectionName = "Influx";

    /// <summary>Base URL of the InfluxDB HTTP API v1 (<c>/write</c>, <c>/query</c>, <c>/ping</c>).</summary>
    [Required(ErrorMessage = "Influx:Url is required, e.g. http://127.0.0.1:8086.")]
    public Uri? Url { get; set; }

    [Required(ErrorMessage = "Influx:Database is required (the contract names it 'rpm').")]
    [RegularExpression("^[A-Za-z0-9_]+$", ErrorMessage = "Influx:Database may contain only letters, digits and '_'.")]
    public string Database { get; set; } = "rpm";

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>Retention policy the hub writes to and reads from; created (as the database's default) at start if missing.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_]+$", ErrorMessage = "Influx:RetentionPolicy may contain only letters, digits and '_'.")]
    public string RetentionPolicy { get; set; } = "rpm_raw";

    /// <summary>InfluxQL duration of that policy when the hub creates it: <c>INF</c> (keep for ever) or e.g. <c>52w</c>, <c>400d</c> (at least 1h).</summary>
    [Required]
    [RegularExpression("^(INF|[1-9][0-9]*[hdw])$", ErrorMessage = "Influx:RetentionDuration must be INF or a whole number of h, d or w (e.g. 400d).")]
    public string RetentionDuration { get; set; } = "INF";

    /// <summary>Lines per <c>/write</c> request at most (a message's lines are never split, so a batch may exceed it by one message).</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 5000;

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
