using System.ComponentModel.DataAnnotations;

namespace Monitoring.Hub.Reports;

/// <summary>The daily status report (004_306304aaac2aa708.txt, 19).</summary>
public sealed class ReportsOptions
{
    public const string SectionName = "Reports";

    /// <summary>The clinic-local time of day after which the previous day's report is produced (each clinic in its own zone).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "23:59:59")]
    public TimeSpan ProduceAfterLocalTime { get; set; } = TimeSpan.FromHours(6);
}
