using Monitoring.Domain.Alarms;
using Monitoring.Hub.Alarms.Storage;

namespace Monitoring.Hub.Alarms.Api;

/// <summary>
/// An alarm as the API and SignalR show it: the contract's fields (<c>id</c> … <c>resolvedAt</c>)
/// and extensions for the alarm wall and the handover page (worst value, count, "condition
/// cleared", notes, who resolved it, the patient's name and tier, and <see cref="LastUpdatedAt"/>,
/// which orders two copies of the same alarm), and the referral started from it (<see cref="Referral"/>,
/// joined at the edge: the engine's alarms do not carry it).
/// </summary>
public sealed record AlarmResponse(
    Guid Id,
    Guid PatientId,
    Guid ClinicId,
    string Kind,
    string Priority,
    string State,
    DateTimeOffset RaisedAt,
    double? Value,
    double? Threshold,
    string? Detail,
    bool Late,
    bool Escalated,
    string? AcknowledgedBy,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset? ResolvedAt)
{
    public double? WorstValue { get; init; }

    /// <summary>Raises and updates folded into this alarm, the first included.</summary>
    public int Count { get; init; }

    /// <summary>The condition is over; a high-priority alarm stays open (latched) until resolved with a note.</summary>
    public bool ConditionCleared { get; init; }

    /// <summary>When the condition was over, on the readings' clock.</summary>
    public DateTimeOffset? ConditionClearedAt { get; init; }

    /// <summary>The own time of the reading that opened it.</summary>
    public DateTimeOffset FirstObservedAt { get; init; }

    /// <summary>The own time of the newest reading that raised or updated it.</summary>
    public DateTimeOffset LastObservedAt { get; init; }

    /// <summary>When it last became active; escalation and reminders count from here.</summary>
    public DateTimeOffset ActiveSince { get; init; }

    public DateTimeOffset LastUpdatedAt { get; init; }

    /// <summary>Steps of the clinic's escalation ladder fired since it last became active.</summary>
    public int EscalationSteps { get; init; }

    /// <summary>Whom the last escalation step notified (e.g. <c>supervisor</c>).</summary>
    public string? EscalationLevel { get; init; }

    /// <summary>Reminders sent since it last became active.</summary>
    public int RemindersSent { get; init; }

    public string? AcknowledgeNote { get; init; }

    /// <summary>The clinician who resolved it, or <c>system</c> when it resolved itself.</summary>
    public string? ResolvedBy { get; init; }

    public string? ResolutionNote { get; init; }

    public string? PatientName { get; init; }

    public string? PatientTier { get; init; }

    /// <summary>The referral started from this alarm (转诊, docs/referrals.md), or null; its state is kept current on the wall.</summary>
    public AlarmReferral? Referral { get; init; }

    public static AlarmResponse From(StoredAlarm alarm)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        var r = alarm.Record;
        return new AlarmResponse(
            alarm.Id,
            alarm.PatientId,
            alarm.ClinicId,
            AlarmWireNames.Of(r.Kind),
            AlarmWireNames.Of(r.Priority),
            AlarmWireNames.Of(r.State),
            r.RaisedAt,
            r.Value,
            r.Threshold,
            r.Detail,
            r.Late,
            r.Escalated,
            r.AcknowledgedBy,
            r.AcknowledgedAt,
            r.ResolvedAt)
        {
            WorstValue = r.WorstValue,
            Count = r.Count,
            ConditionCleared = r.ConditionCleared,
            ConditionClearedAt = r.ConditionClearedAt,
            FirstObservedAt = r.FirstObservedAt,
            LastObservedAt = r.LastObservedAt,
            ActiveSince = r.ActiveSince,
            LastUpdatedAt = r.LastUpdatedAt,
            EscalationSteps = r.EscalationStepsFired,
            EscalationLevel = alarm.EscalationLevel,
            RemindersSent = r.RemindersSent,
            AcknowledgeNote = alarm.AcknowledgeNote,
            ResolvedBy = r.ResolvedBy,
            ResolutionNote = r.ResolutionNote,
            PatientName = alarm.PatientName,
            PatientTier = alarm.PatientTier,
        };
    }
}
