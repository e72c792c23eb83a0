namespace Monitoring.Domain.Thresholds;

/// <summary>
/// Clinic-level or patient-level changes to <see cref="AlarmThresholds"/>: a null setting
/// leaves the level below in force (clinical-rules: "a patient-level override (e.g. a COPD
/// patient whose baseline SpO2 is 90%) must be possible"). Physical plausibility limits are
/// deliberately not overridable, see <see cref="PlausibilityLimits"/>.
/// </summary>
public sealed record ThresholdOverrides
{
    public double? Spo2LowBelow { get; init; }

    public int? Spo2SustainSeconds { get; init; }

    public int? Spo2SustainReadings { get; init; }

    public double? FeverAbove { get; init; }

    public int? PersistentFeverHours { get; init; }

    public int? DeviceSilentMinutes { get; init; }

    public int? BatteryLowAtOrBelow { get; init; }

    public TimeWindow? MorningCheckWindow { get; init; }

    public TimeWindow? EveningCheckWindow { get; init; }

    public int? FollowUpIntervalDays { get; init; }

    public int? ContactsPerWeekYellow { get; init; }

    public int? ContactsPerWeekRed { get; init; }

    public int? EscalateAfterMinutes { get; init; }

    public int? ReminderEveryMinutes { get; init; }

    public int? AutoResolveAfterMinutes { get; init; }

    public int? LateAfterMinutes { get; init; }
}
