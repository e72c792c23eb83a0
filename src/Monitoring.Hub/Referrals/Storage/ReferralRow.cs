using Monitoring.Domain.Referrals;
using Monitoring.Hub.Api;
using Monitoring.Hub.Referrals.Api;

namespace Monitoring.Hub.Referrals.Storage;

/// <summary>A <c>referrals</c> row with its patient's name and tier and the linked alarm's kind (Dapper).</summary>
internal sealed class ReferralRow
{
    public const string Select =
        """
        SELECT r.id, r.patient_id, r.clinic_id, p.name AS patient_name, p.risk_tier AS patient_tier, p.underlying_disease,
               r.alarm_id, a.kind AS alarm_kind, r.reason, r.destination_level, r.suggested_level, r.destination, r.transport,
               r.note, r.state, r.state_since, r.owner_user_id, r.owner_username, r.requested_at, r.closed_at
        FROM referrals r JOIN patients p ON p.id = r.patient_id LEFT JOIN alarms a ON a.id = r.alarm_id
        """;

    public Guid Id { get; set; }

    public Guid PatientId { get; set; }

    public Guid ClinicId { get; set; }

    public string PatientName { get; set; } = "";

    public string PatientTier { get; set; } = "";

    public string UnderlyingDisease { get; set; } = "";

    public Guid? AlarmId { get; set; }

    public string? AlarmKind { get; set; }

    public string Reason { get; set; } = "";

    public string DestinationLevel { get; set; } = "";

    public string SuggestedLevel { get; set; } = "";

    public string Destination { get; set; } = "";

    public string Transport { get; set; } = "";

    public string? Note { get; set; }

    public string State { get; set; } = "";

    public DateTimeOffset StateSince { get; set; }

    public Guid OwnerUserId { get; set; }

    public string OwnerUsername { get; set; } = "";

    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public ReferralState ParsedState => Codes.Parse<ReferralState>(State);

    public ReferralTransport ParsedTransport => Codes.Parse<ReferralTransport>(Transport);

    public ReferralResponse ToResponse(IReadOnlyList<ReferralEventResponse> events)
    {
        var state = ParsedState;
        return new ReferralResponse(
            Id, PatientId, ClinicId, PatientName, PatientTier, AlarmId, AlarmKind, Reason, DestinationLevel, SuggestedLevel,
            Destination, Transport, Note, State, ReferralStateMachine.IsOpen(state), StateSince, OwnerUserId, OwnerUsername,
            RequestedAt, ClosedAt,
            [.. ReferralStateMachine.NextStates(ParsedTransport, state).Select(Codes.Of)],
            events);
    }
}
