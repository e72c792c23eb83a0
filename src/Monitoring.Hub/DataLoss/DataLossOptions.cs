using System.ComponentModel.DataAnnotations;

namespace Monitoring.Hub.DataLoss;

/// <summary>
/// The watch on lost readings and on the hub's lag behind the broker (docs/ingestion.md, "Overload").
/// </summary>
public sealed class DataLossOptions
{
    public const string SectionName = "DataLoss";

    /// <summary>Off: no $SYS watch, no lag probe (the hub then cannot tell anyone about broker drops).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Lag (the oldest unacknowledged message's age) beyond this warns: health degraded, a log line, the metric.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "DataLoss:LagWarnAfter must be between 1 s and 1 day.")]
    public TimeSpan LagWarnAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the hub sends a probe through its own subscription to measure its lag behind the broker.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00", ErrorMessage = "DataLoss:ProbeInterval must be between 100 ms and 10 min.")]
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often losses found are folded into the operator alarm and the lag is evaluated.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00", ErrorMessage = "DataLoss:CheckInterval must be between 50 ms and 1 min.")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(1);
}
