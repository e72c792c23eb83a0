using System.ComponentModel.DataAnnotations;
using System.Reflection;

namespace Monitoring.Domain.Thresholds;

/// <summary>
/// Alarm thresholds and cadences, with the defaults of clinical-rules §2 and §3. The host binds
/// the defaults from the <see cref="SectionName"/> configuration section (init-only properties
/// bind like settable ones; <see cref="IValidatableObject"/> lets ValidateDataAnnotations report
/// the cross-field checks too); clinics and patients change them through
/// <see cref="ThresholdOverrides"/> and <see cref="Resolve"/>.
/// </summary>
public sealed record AlarmThresholds : IValidatableObject
{
    public const string SectionName = "Thresholds";

    private const string MustBePositive = "{0} must be a positive whole number.";

    /// <summary>The built-in defaults.</summary>
    public static AlarmThresholds Default { get; } = new();

    /// <summary>
    /// SpO2 alarms when strictly below this (92.9 alarms at 93.0, 93.0 does not).
    /// 001_c1a4964215f4f1e9.txt, 二(二)2(1): "指氧饱和度&lt;93%等情况尽快转诊".
    /// </summary>
    [Range(PlausibilityLimits.Spo2MinPercent, PlausibilityLimits.Spo2MaxPercent,
        ErrorMessage = "{0} must be between {1} and {2} (the physically plausible SpO2 range, %).")]
    public double Spo2LowBelow { get; init; } = 93.0;

    /// <summary>
    /// Low SpO2 must persist this long before it alarms: met by readings spanning this many
    /// seconds, all below, or by <see cref="Spo2SustainReadings"/> consecutive readings below,
    /// whichever comes first. Filters motion artefacts (monitoring practice).
    /// </summary>
    [Range(1, int.MaxValue, ErrorMessage = MustBePositive)]
    public int Spo2SustainSeconds { get; init; } = 10;

    /// <inheritdoc cref="Spo2SustainSeconds"/>
    [Range(1, int.MaxValue, ErrorMessage = MustBePositive)]
    public int Spo2SustainReadings { get; init; } = 2;

    /// <summary>
    /// Fever when body temperature is strictly above this, °C.
    /// 003_b7fae3b13c0d2460.txt, 新冠病毒感染者居家治疗指南 三(二)2(2): "体温仍持续高于38.5℃".
    /// </summary>
    [Range(PlausibilityLimits.TemperatureMinCelsius, PlausibilityLimits.TemperatureMaxCelsius,
        ErrorMessage = "{0} must be between {1} and {2} (the physically plausible body temperature range, °C).")]
    public double FeverAbove { get; init; } = 38.5;

    /// <summary>
    /// A fever episode lasting more than this is persistent high fever.
    /// 003_b7fae3b13c0d2460.txt, 新冠病毒感染者居家治疗指南 三(二)2(2): "超过3天".
    /// </summary>
    [Range(1, int.MaxValue, ErrorMessage = MustBePositive)]
    public int PersistentFeverHours { get; init; } = 72;

    /// <summary>No reading from a bound device for this long raises a technical alarm (monitoring practice).</summary>
    [Range(1, int.MaxValue, ErrorMessage = MustBePositive)]
    public int DeviceSilentMinutes { get; init; } = 15;

    /// <summary>Battery at or below this percentage raises a technical alarm (monitoring practice).</summary>
    [Range(0, 100, ErrorMessage = "{0} must be between {1} and {2} (%).")]
    public int BatteryLowAtOrBelow { get; init; } = 15;

    /// <summary>
    /// A temperature reading is expected in this window, clinic local time.
    /// 003_b7fae3b13c0d2460.txt, 新冠病毒感染者居家治疗指南 三(二)1: "每天早、晚各进行1次体温测量".
    /// </summary>
    [Required(ErrorMessage = "{0} is required.")]
    public TimeWindow MorningCheckWindow { get; init; } = new(new TimeOnly(6, 0), new TimeOnly(10, 0));

    /// <inheritdoc cref="MorningCheckWindow"/>
    [Required(ErrorMessage = "{0} is required.")]
    public TimeWindow EveningCheckWindow { get; init; } = new(new TimeOnly(18, 0), new TimeOnly(22, 0));

    /// <summary>
    /// Days between follow-ups of a level-2 home-treated patient.
    /// 001_c1a4964215f4f1e9.txt, 二(二)2(1): "基层医疗卫生机构每3天随访一次".
    /// </summary>
    [Range(1, int.MaxValue, ErrorMessage = MustBePositive)]
    public int FollowUpIntervalDays { get; init; } = 3;

    /// <summary>004_306304aaac2aa708.txt, 8: "对黄色、红色标识重点人群每周联系分别不少于2次和3次".</summary>
    [Range(1, int.MaxValue, ErrorMessage = MustBePositive)]
    public int ContactsPerWeekYellow { get; init; } = 2;

    /// <inheritdoc cref="ContactsPerWeekYellow"/>
    [Range(1, int.MaxValue, ErrorMessage = MustBePositive)]
    public int ContactsPerWeekRed { get; init; } = 3;

    /// <summary>An unacknowledged alarm escalates after this long.</summary>
    [Range(1, int.MaxValue, ErrorMessage = MustBePositive)]
    public int EscalateAfterMinutes { get; init; } = 2;

    /// <summary>An unacknowledged alarm is announced again this often.</summary>
    [Range(1, int.MaxValue, ErrorMessage = MustBePositive)]
    public int ReminderEveryMinutes { get; init; } = 5;

    /// <summary>A medium or low priority alarm resolves by itself once its condition has been clear this long.</summary>
    [Range(1, int.MaxValue, ErrorMessage = MustBePositive)]
    public int AutoResolveAfterMinutes { get; init; } = 10;

    /// <summary>A reading that arrives this long after it was taken raises a "late" alarm.</summary>
    [Range(1, int.MaxValue, ErrorMessage = MustBePositive)]
    public int LateAfterMinutes { get; init; } = 5;

    /// <summary>
    /// The effective thresholds for a patient: each setting from the patient override if set,
    /// else the clinic override if set, else <paramref name="defaults"/>.
    /// </summary>
    /// <exception cref="ThresholdValidationException">The effective thresholds are invalid.</exception>
    public static AlarmThresholds Resolve(AlarmThresholds defaults, ThresholdOverrides? clinic, ThresholdOverrides? patient)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        var effective = defaults.With(clinic).With(patient);
        var problems = effective.Validate();
        return problems.Count == 0 ? effective : throw new ThresholdValidationException(problems);
    }

    /// <summary>Every problem with these thresholds; empty when they are usable.</summary>
    public IReadOnlyList<ThresholdProblem> Validate()
    {
        // Validator.TryValidateObject skips IValidatableObject.Validate once an attribute fails;
        // checking property by property and then the cross-field rules reports everything at once.
        var results = new List<ValidationResult>();
        foreach (var property in typeof(AlarmThresholds).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var context = new ValidationContext(this) { MemberName = property.Name };
            Validator.TryValidateProperty(property.GetValue(this), context, results);
        }

        results.AddRange(CrossFieldProblems());
        return [.. results.Select(result => new ThresholdProblem(
            result.MemberNames.FirstOrDefault() ?? string.Empty,
            result.ErrorMessage ?? string.Empty))];
    }

    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext) =>
        CrossFieldProblems();

    private IEnumerable<ValidationResult> CrossFieldProblems()
    {
        foreach (var (name, window) in new[]
                 {
                     (nameof(MorningCheckWindow), MorningCheckWindow),
                     (nameof(EveningCheckWindow), EveningCheckWindow),
                 })
        {
            // A null window is reported by [Required].
            if (window is not null && window.Start >= window.End)
            {
                yield return new ValidationResult(
                    $"{name} must start before it ends (got {window}); a window cannot cross midnight.", [name]);
            }
        }
    }

    private AlarmThresholds With(ThresholdOverrides? overrides) => overrides is null
        ? this
        : this with
        {
            Spo2LowBelow = overrides.Spo2LowBelow ?? Spo2LowBelow,
            Spo2SustainSeconds = overrides.Spo2SustainSeconds ?? Spo2SustainSeconds,
            Spo2SustainReadings = overrides.Spo2SustainReadings ?? Spo2SustainReadings,
            FeverAbove = overrides.FeverAbove ?? FeverAbove,
            PersistentFeverHours = overrides.PersistentFeverHours ?? PersistentFeverHours,
            DeviceSilentMinutes = overrides.DeviceSilentMinutes ?? DeviceSilentMinutes,
            BatteryLowAtOrBelow = overrides.BatteryLowAtOrBelow ?? BatteryLowAtOrBelow,
            MorningCheckWindow = overrides.MorningCheckWindow ?? MorningCheckWindow,
            EveningCheckWindow = overrides.EveningCheckWindow ?? EveningCheckWindow,
            FollowUpIntervalDays = overrides.FollowUpIntervalDays ?? FollowUpIntervalDays,
            ContactsPerWeekYellow = overrides.ContactsPerWeekYellow ?? ContactsPerWeekYellow,
            ContactsPerWeekRed = overrides.ContactsPerWeekRed ?? ContactsPerWeekRed,
            EscalateAfterMinutes = overrides.EscalateAfterMinutes ?? EscalateAfterMinutes,
            ReminderEveryMinutes = overrides.ReminderEveryMinutes ?? ReminderEveryMinutes,
            AutoResolveAfterMinutes = overrides.AutoResolveAfterMinutes ?? AutoResolveAfterMinutes,
            LateAfterMinutes = overrides.LateAfterMinutes ?? LateAfterMinutes,
        };
}
