using System.Text.Json.Serialization;

namespace Monitoring.Domain.Alarms;

/// <summary>What happened to an alarm; every <see cref="AlarmLifecycle"/> change reports one.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlarmEffectType>))]
public enum AlarmEffectType
{
    /// <summary>A new alarm was opened.</summary>
    [JsonStringEnumMemberName("opened")]
    Opened,

    /// <summary>The open alarm took a repeat (latest value, worst value, count).</summary>
    [JsonStringEnumMemberName("repeated")]
    Repeated,

    /// <summary>An acknowledged alarm whose condition had cleared came back: it is active again.</summary>
    [JsonStringEnumMemberName("reactivated")]
    Reactivated,

    /// <summary>The condition is over (the alarm stays open).</summary>
    [JsonStringEnumMemberName("condition_cleared")]
    ConditionCleared,

    [JsonStringEnumMemberName("acknowledged")]
    Acknowledged,

    /// <summary>A clinician resolved the alarm.</summary>
    [JsonStringEnumMemberName("resolved")]
    Resolved,

    /// <summary>A medium or low priority alarm resolved itself after its condition stayed clear.</summary>
    [JsonStringEnumMemberName("auto_resolved")]
    AutoResolved,

    /// <summary>A step of the escalation ladder fired: notify its level.</summary>
    [JsonStringEnumMemberName("escalated")]
    Escalated,

    /// <summary>An unacknowledged high-priority alarm is announced again.</summary>
    [JsonStringEnumMemberName("reminder")]
    Reminder,
}
