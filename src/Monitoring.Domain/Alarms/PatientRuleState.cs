namespace Monitoring.Domain.Alarms;

/// <summary>
/// Everything the rules remember about one patient between readings. Immutable and small (a few
/// kilobytes at most), it round-trips through System.Text.Json with default options so the alarm
/// service can store it (PostgreSQL <c>jsonb</c>) after each evaluation and restore it on restart.
/// </summary>
public sealed record PatientRuleState
{
    /// <summary>The schema version written by this code; bump it when a stored state needs migrating.</summary>
    public const int CurrentVersion = 1;

    /// <summary>
    /// How many rule-relevant readings are remembered for redelivery detection. MQTT QoS 1 redelivers
    /// the unacknowledged message(s) after a reconnect; a pack of SpO2, temperature and battery
    /// records is well within this. Pulse, respiratory rate and perfusion index are not remembered:
    /// no rule reads them, so their redelivery changes nothing.
    /// </summary>
    public const int RecentReadingCapacity = 64;

    public static PatientRuleState Empty { get; } = new();

    public int Version { get; init; } = CurrentVersion;

    public Spo2RuleState Spo2 { get; init; } = new();

    public FeverRuleState Fever { get; init; } = new();

    public PersistentFeverState PersistentFever { get; init; } = new();

    /// <summary>Battery state per device of the patient (one patient may wear several devices).</summary>
    public IReadOnlyList<BatteryDeviceState> Batteries { get; init; } = [];

    /// <summary>The patient's devices currently reported silent by <see cref="SilenceWatch"/>, sorted.</summary>
    public IReadOnlyList<string> SilentDevices { get; init; } = [];

    /// <summary>The most recent rule-relevant readings, oldest first, at most <see cref="RecentReadingCapacity"/>.</summary>
    public IReadOnlyList<ReadingKey> RecentReadings { get; init; } = [];
}
