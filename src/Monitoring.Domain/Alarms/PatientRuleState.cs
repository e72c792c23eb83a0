namespace Monitoring.Domain.Alarms;

/// <summary>
/// Everything the rules remember about one patient between readings. Immutable and small (under a
/// kilobyte in memory for a typical patient, most of it the redelivery memory), it round-trips
/// through System.Text.Json with default options so the alarm service can store it (PostgreSQL
/// <c>jsonb</c>) after each evaluation and restore it on restart; a state stored by an earlier
/// version is read through <see cref="PatientRuleStateJson.Read"/>.
/// </summary>
public sealed record PatientRuleState
{
    /// <summary>
    /// The schema version written by this code; bump it when a stored state needs migrating (and
    /// teach <see cref="PatientRuleStateJson.Read"/> the old one). 1: the redelivery memory as
    /// <see cref="ReadingKey"/> records; 2: as <see cref="ReadingFingerprints"/>.
    /// </summary>
    public const int CurrentVersion = 2;

    public static PatientRuleState Empty { get; } = new();

    public int Version { get; init; } = CurrentVersion;

    public Spo2RuleState Spo2 { get; init; } = new();

    public FeverRuleState Fever { get; init; } = new();

    public PersistentFeverState PersistentFever { get; init; } = new();

    /// <summary>Battery state per device of the patient (one patient may wear several devices).</summary>
    public IReadOnlyList<BatteryDeviceState> Batteries { get; init; } = [];

    /// <summary>The patient's devices currently reported silent by <see cref="SilenceWatch"/>, sorted.</summary>
    public IReadOnlyList<string> SilentDevices { get; init; } = [];

    /// <summary>The fingerprints of the most recent rule-relevant readings, for redelivery detection.</summary>
    public ReadingFingerprints RecentFingerprints { get; init; } = ReadingFingerprints.Empty;
}
