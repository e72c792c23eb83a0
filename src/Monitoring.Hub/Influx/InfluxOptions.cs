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
}
