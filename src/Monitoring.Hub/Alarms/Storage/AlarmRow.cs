using Monitoring.Domain.Alarms;

namespace Monitoring.Hub.Alarms.Storage;

/// <summary>
/// A row of <c>alarms</c> (Dapper reads it; serialized with snake_case names it is also the input
/// of <c>jsonb_populate_recordset</c>, so a batch of changes is one statement). Enum columns hold
/// the contract's names.
/// </summary>
internal sealed class AlarmRow
{
    public Guid Id { get; set; }

    public Guid PatientId { get; set; }

    public Guid ClinicId { get; set; }

    public string Kind { get; set; } = "";

    public string Priority { get; set; } = "";

    public string State { get; set; } = "";

    public DateTimeOffset RaisedAt { get; set; }

    public DateTimeOffset ActiveSince { get; set; }

    public DateTimeOffset FirstObservedAt { get; set; }

    public DateTimeOffset LastObservedAt { get; set; }

    public double? Value { get; set; }

    public double? WorstValue { get; set; }

    public double? Threshold { get; set; }

    public string? Detail { get; set; }

    public bool Late { get; set; }

    public int Count { get; set; }

    public DateTimeOffset LastUpdatedAt { get; set; }

    public bool ConditionCleared { get; set; }

    public DateTimeOffset? ConditionClearedAt { get; set; }

    public bool Escalated { get; set; }

    public int EscalationStepsFired { get; set; }

    public string? EscalationLevel { get; set; }

    public int RemindersSent { get; set; }

    public string? AcknowledgedBy { get; set; }

    public DateTimeOffset? AcknowledgedAt { get; set; }

    public string? AcknowledgeNote { get; set; }

    public string? ResolvedBy { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    public string? ResolutionNote { get; set; }

    /// <summary>From the registry (a join), not a column of <c>alarms</c>.</summary>
    public string? PatientName { get; set; }

    /// <inheritdoc cref="PatientName"/>
    public string? PatientTier { get; set; }

    public StoredAlarm ToStored() => new(Id, PatientId, ClinicId, new AlarmRecord
    {
        Kind = Parse<AlarmKind>(Kind),
        Priority = Parse<AlarmPriority>(Priority),
        State = Parse<AlarmState>(State),
        RaisedAt = RaisedAt,
        ActiveSince = ActiveSince,
        FirstObservedAt = FirstObservedAt,
        LastObservedAt = LastObservedAt,
        Value = Value,
        WorstValue = WorstValue,
        Threshold = Threshold,
        Detail = Detail,
        Late = Late,
        Count = Count,
        LastUpdatedAt = LastUpdatedAt,
        ConditionCleared = ConditionCleared,
        ConditionClearedAt = ConditionClearedAt,
        Escalated = Escalated,
        EscalationStepsFired = EscalationStepsFired,
        RemindersSent = RemindersSent,
        AcknowledgedBy = AcknowledgedBy,
        AcknowledgedAt = AcknowledgedAt,
        ResolvedBy = ResolvedBy,
        ResolvedAt = ResolvedAt,
        ResolutionNote = ResolutionNote,
    })
    {
        AcknowledgeNote = AcknowledgeNote,
        EscalationLevel = EscalationLevel,
        PatientName = PatientName,
        PatientTier = PatientTier,
    };

    public static AlarmRow From(StoredAlarm alarm)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        var r = alarm.Record;
        return new AlarmRow
        {
            Id = alarm.Id,
            PatientId = alarm.PatientId,
            ClinicId = alarm.ClinicId,
            Kind = AlarmWireNames.Of(r.Kind),
            Priority = AlarmWireNames.Of(r.Priority),
            State = AlarmWireNames.Of(r.State),
            RaisedAt = r.RaisedAt,
            ActiveSince = r.ActiveSince,
            FirstObservedAt = r.FirstObservedAt,
            LastObservedAt = r.LastObservedAt,
            Value = r.Value,
            WorstValue = r.WorstValue,
            Threshold = r.Threshold,
            Detail = r.Detail,
            Late = r.Late,
            Count = r.Count,
            LastUpdatedAt = r.LastUpdatedAt,
            ConditionCleared = r.ConditionCleared,
            ConditionClearedAt = r.ConditionClearedAt,
            Escalated = r.Escalated,
            EscalationStepsFired = r.EscalationStepsFired,
            EscalationLevel = alarm.EscalationLevel,
            RemindersSent = r.RemindersSent,
            AcknowledgedBy = r.AcknowledgedBy,
            AcknowledgedAt = r.AcknowledgedAt,
            AcknowledgeNote = alarm.AcknowledgeNote,
            ResolvedBy = r.ResolvedBy,
            ResolvedAt = r.ResolvedAt,
            ResolutionNote = r.ResolutionNote,
        };
    }

    private static T Parse<T>(string name)
        where T : struct, Enum =>
        AlarmWireNames.TryParse<T>(name, out var value)
            ? value
            : throw new InvalidOperationException($"alarms holds '{name}', which is not a {typeof(T).Name}.");
}
