using System.ComponentModel.DataAnnotations;

namespace Monitoring.Hub.Observability;

/// <summary>The hub's own metrics: <c>/metrics</c> for Prometheus and the periodic copy in InfluxDB (docs/operations.md).</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>Serve <c>GET /metrics</c> (OpenTelemetry's Prometheus exporter).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Comma-separated networks (CIDR, e.g. <c>127.0.0.1/32,10.0.0.0/8</c>) whose clients may scrape
    /// <c>/metrics</c> without a token; anyone else needs an administrator's bearer token.
    /// Empty: administrators only.
    /// </summary>
    public string AllowedNetworks { get; set; } = "127.0.0.1/32,::1/128";

    /// <summary>
    /// Comma-separated meter names; a name ending in '.' takes every meter under it. The hub's own
    /// meters are <c>Monitoring.Hub.*</c> (the broker connections: <c>Monitoring.Hub.Broker</c>); <c>System.Runtime</c> (the .NET
    /// runtime: GC, CPU, thread pool) and ASP.NET Core's (HTTP request durations) are always on.
    /// </summary>
    [Required]
    public string Meters { get; set; } = "Monitoring.,System.Runtime";

    /// <summary>
    /// This hub instance's name in the InfluxDB copy (tag <c>instance</c>). Empty: <c>Mqtt:ClientId</c>,
    /// which every instance must already have to itself.
    /// </summary>
    [RegularExpression("^[A-Za-z0-9_.-]{0,64}$", ErrorMessage = "Metrics:InstanceId may contain letters, digits, '.', '_' and '-' (at most 64).")]
    public string? InstanceId { get; set; }

    /// <summary>How often the figures are written to InfluxDB (measurement <see cref="InfluxMeasurement"/>). Zero: never.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan InfluxInterval { get; set; } = TimeSpan.FromSeconds(10);

    [Required]
    [RegularExpression("^[A-Za-z0-9_]+$", ErrorMessage = "Metrics:InfluxMeasurement may contain only letters, digits and '_'.")]
    public string InfluxMeasurement { get; set; } = "hub_metrics";

    /// <summary>
    /// An OTLP collector (e.g. <c>http://collector:4317</c>): when set, the hub's traces (a reading from its
    /// MQTT message through the InfluxDB write, the alarm engine's hand-off and the dashboard push) and
    /// its metrics are exported there too. Empty: no OTLP, and no trace is recorded.
    /// </summary>
    [Url]
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (port 4317) or <c>http/protobuf</c> (port 4318).</summary>
    [RegularExpression("^(grpc|http/protobuf)$", ErrorMessage = "Metrics:OtlpProtocol is grpc or http/protobuf.")]
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>How often the clinical census (monitored patients by tier, open alarms by priority) is counted in PostgreSQL. Zero: never.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan CensusInterval { get; set; } = TimeSpan.FromSeconds(30);
}
