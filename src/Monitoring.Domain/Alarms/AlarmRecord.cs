using System.Text.Json.Serialization;

namespace Monitoring.Domain.Alarms;

/// <summary>
/// One alarm as <see cref="AlarmLifecycle"/> sees it: no id, patient or clinic (the service adds
/// those and stores the record); immutable, every change is a new record.
/// </summary>
public sealed record AlarmRecord
{
    public required AlarmKind Kind { get; init; }

    public required AlarmPriority Priority { get; init; }

    public required AlarmState State { get; init; }

    /// <summary>When the hub opened the alarm (hub time, not the reading's).</summary>
    public required DateTimeOffset RaisedAt { get; init; }

    /// <summary>When the alarm last became active: escalation and reminders count from here.</summary>
    public required DateTimeOffset ActiveSince { get; init; }

    /// <summary>The own time of the reading that opened the alarm.</summary>
    public required DateTimeOffset FirstObservedAt { get; init; }

    /// <summary>The own time of the newest reading that raised or updated it.</summary>
    public required DateTimeOffset LastObservedAt { get; init; }

    /// <summary>The value of the newest reading (by own time).</summary>
    public double? Value { get; init; }

    /// <summary>The worst value seen: lowest SpO2 or battery, highest temperature (<see cref="AlarmCatalog"/>).</summary>
    public double? WorstValue { get; init; }

    public double? Threshold { get; init; }

    public string? Detail { get; init; }

    /// <summary>Opened on a reading that arrived long after it was taken.</summary>
    public bool Late { get; init; }

    /// <summary>How many raises and updates the alarm has taken, the first included.</summary>
    public int Count { get; init; } = 1;

    /// <summary>Hub time of the last change.</summary>
    public required DateTimeOffset LastUpdatedAt { get; init; }

    /// <summary>The condition is over; a high-priority alarm stays open (latched) until a clinician resolves it.</summary>
    public bool ConditionCleared { get; init; }

    /// <summary>When the condition was over, on the readings' clock.</summary>
    public DateTimeOffset? ConditionClearedAt { get; init; }

    /// <summary>An escalation step has fired since the alarm last became active.</summary>
    public bool Escalated { get; init; }

    /// <summary>How many steps of the escalation ladder have fired since the alarm last became active.</summary>
    public int EscalationStepsFired { get; init; }

    /// <summary>The number of the last reminder sent since the alarm last became active.</summary>
    public int RemindersSent { get; init; }

    public string? AcknowledgedBy { get; init; }

    public DateTimeOffset? AcknowledgedAt { get; init; }

    /// <summary>The clinician who resolved it, or <see cref="AlarmEffect.SystemActor"/> when it resolved itself.</summary>
    public string? ResolvedBy { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    public string? ResolutionNote { get; init; }

    [JsonIgnore]
    public bool IsOpen => State != AlarmState.Resolved;
}
