using System.ComponentModel.DataAnnotations;

namespace Monitoring.Hub.Scheduling;

/// <summary>Hangfire, which runs the reminder sweeps and one-off reminder checks (docs/scheduling.md).</summary>
public sealed class SchedulingOptions
{
    public const string SectionName = "Scheduling";

    /// <summary>Five or six (with seconds) cron fields; Hangfire checks the expression itself when the job is registered.</summary>
    private const string CronPattern = @"^\s*\S+(\s+\S+){4,5}\s*$";

    /// <summary>
    /// Runs a Hangfire server in this hub (it takes jobs; the others on the same PostgreSQL share them).
    /// Off in the Testing environment (tests call the sweeps themselves). A hub with it off still
    /// schedules one-off reminder checks for the servers of the others.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Overdue follow-ups (cron, UTC: every sweep handles every clinic's zone).</summary>
    [Required, RegularExpression(CronPattern)]
    public string FollowUpOverdueCron { get; set; } = "*/5 * * * *";

    /// <summary>The weekly contact cadence (each clinic's week ends at its own local Monday 00:00).</summary>
    [Required, RegularExpression(CronPattern)]
    public string ContactCadenceCron { get; set; } = "*/15 * * * *";

    /// <summary>Closed temperature-check windows.</summary>
    [Required, RegularExpression(CronPattern)]
    public string TemperatureCheckCron { get; set; } = "*/5 * * * *";

    /// <summary>Open episodes whose end criteria are met (a notice, not urgent).</summary>
    [Required, RegularExpression(CronPattern)]
    public string EndOfTreatmentCron { get; set; } = "*/5 * * * *";

    /// <summary>Second boosters (they fall due on a clinic-local day).</summary>
    [Required, RegularExpression(CronPattern)]
    public string BoosterDueCron { get; set; } = "0 * * * *";

    /// <summary>Open referrals held too long in a state (referral_stalled).</summary>
    [Required, RegularExpression(CronPattern)]
    public string ReferralStalledCron { get; set; } = "*/2 * * * *";

    /// <summary>
    /// Clinics whose morning has come and whose previous day's report is not kept yet. Every quarter hour
    /// in UTC is also every quarter hour in each clinic's zone (all zone offsets are whole quarter hours),
    /// so with <c>Reports:ProduceAfterLocalTime</c> 06:00 each clinic's report is made at its 06:00.
    /// </summary>
    [Required, RegularExpression(CronPattern)]
    public string DailyReportCron { get; set; } = "*/15 * * * *";

    /// <summary>How often a server looks for due delayed and recurring jobs and polls the queue.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Jobs one hub runs at once (the sweeps are short and few; the hub's real work is ingestion).</summary>
    [Range(1, 32)]
    public int WorkerCount { get; set; } = 2;

    /// <summary>How long the cookie that opens <c>/hangfire</c> in an administrator's browser lasts.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "08:00:00")]
    public TimeSpan DashboardSessionLifetime { get; set; } = TimeSpan.FromMinutes(30);
}
