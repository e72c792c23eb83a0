using Monitoring.Hub.Alarms.Api;

namespace Monitoring.Hub.Alarms.Operator;

/// <summary>A row of <c>operator_alarms</c> (migration 0007); Dapper reads it.</summary>
internal sealed class OperatorAlarm
{
    public Guid Id { get; set; }

    public string Kind { get; set; } = "";

    public string Priority { get; set; } = "";

    public string State { get; set; } = "";

    public DateTimeOffset RaisedAt { get; set; }

    public long Lost { get; set; }

    public string Detail { get; set; } = "";

    public int Count { get; set; }

    public DateTimeOffset LastUpdatedAt { get; set; }

    public string? AcknowledgedBy { get; set; }

    public DateTimeOffset? AcknowledgedAt { get; set; }

    public string? AcknowledgeNote { get; set; }

    public string? ResolvedBy { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    public string? ResolveNote { get; set; }

    /// <summary>
    /// An operator alarm has no patient and no clinic: both are the nil UUID (RFC 9562 §5.9), which no
    /// patient or clinic ever has, so clients that read them as UUIDs keep working (docs/api.md).
    /// <c>value</c> is the number of messages or readings lost.
    /// </summary>
    public AlarmResponse ToResponse() =>
        new(Id, Guid.Empty, Guid.Empty, Kind, Priority, State, RaisedAt, Lost, Threshold: null, Detail, Late: false, Escalated: false,
            AcknowledgedBy, AcknowledgedAt, ResolvedAt)
        {
            WorstValue = Lost,
            Count = Count,
            FirstObservedAt = RaisedAt,
            LastObservedAt = LastUpdatedAt,
            ActiveSince = RaisedAt,
            LastUpdatedAt = LastUpdatedAt,
            AcknowledgeNote = AcknowledgeNote,
            ResolvedBy = ResolvedBy,
            ResolutionNote = ResolveNote,
        };
}
