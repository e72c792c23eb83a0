using System.ComponentModel.DataAnnotations;

namespace Monitoring.Hub.Alarms;

/// <summary>The alarm engine's plumbing; the clinical settings are in <c>Thresholds</c> (defaults) and the thresholds API.</summary>
public sealed class AlarmsOptions
{
    public const string SectionName = "Alarms";

    /// <summary>
    /// Rule states that changed without any alarm changing (a normal reading, the first of a low
    /// run, the redelivery memory) are written to PostgreSQL at most this often, all such patients
    /// in one statement, instead of in every batch's transaction; a state that goes with an alarm
    /// change is always written with it. On a crash the rules of those patients restart from a
    /// state up to this old (a sustained run or a fever day counted again from there, see docs/alarms.md).
    /// Zero writes every state in its batch.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan StateSaveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the engine trusts what it read of its patients (clinic and its time zone, name, tier,
    /// open episode) before reading them all again, in one query. Episode changes made through this hub are seen at
    /// once; made through another hub instance, within this interval. Zero reads every batch.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ContextRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often escalation, reminders, auto-resolution and device silence are checked.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Run this silo's ticker loop. Off only in tests that drive <see cref="Adapters.AlarmTicker.TickAsync"/> by hand with a fake clock.</summary>
    public bool TickerEnabled { get; set; } = true;

    /// <summary>
    /// How often the set of watched devices (assigned to patients in home treatment) is re-read,
    /// so a device assigned or an episode started without a reading since is watched for silence.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan WatchRefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long an API acknowledge or resolve waits for the patient's grain before answering 503.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(15);
}
