using Monitoring.Hub.Referrals.Api;

namespace Monitoring.Hub.Referrals.Storage;

/// <summary>A <c>referral_events</c> row (Dapper).</summary>
internal sealed class ReferralEventRow
{
    public Guid ReferralId { get; set; }

    public string State { get; set; } = "";

    public DateTimeOffset At { get; set; }

    public DateTimeOffset RecordedAt { get; set; }

    public string ActorUsername { get; set; } = "";

    public string? Note { get; set; }

    public ReferralEventResponse ToResponse() => new(State, At, RecordedAt, ActorUsername, Note);
}
