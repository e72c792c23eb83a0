using System.ComponentModel.DataAnnotations;

namespace Monitoring.Hub.Scheduling;

/// <summary>The Quartz scheduler that runs the reminder sweeps (docs/scheduling.md).</summary>
public sealed class SchedulingOptions
{
    public const string SectionName = "Scheduling";

    /// <summary>Runs the scheduler in this hub. Off in the Testing environment (tests call the sweeps themselves).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often overdue follow-ups are swept.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan FollowUpOverdueInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the weekly contact cadence is swept (each clinic's week ends at its own local Monday 00:00).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ContactCadenceInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often closed temperature-check windows are swept.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan TemperatureCheckInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often open episodes are checked for met end criteria (a notice, not urgent).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan EndOfTreatmentInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often second boosters are checked (they fall due on a clinic-local day).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan BoosterDueInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often open referrals are checked for a state held too long (referral_stalled).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ReferralStalledInterval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often clinics are checked for a morning whose previous day's report is not produced yet.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan DailyReportInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often a clustered node checks in; a node silent for longer is presumed dead and its firings recovered.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(15);
}
