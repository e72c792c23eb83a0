using Monitoring.Domain.Risk;

namespace Monitoring.Hub.Registry;

/// <summary>One tier (re)computation; <c>reason</c> is <c>created</c>, or <c>updated</c> when a change of the patient's data changed the tier decision.</summary>
public sealed record TierHistoryEntry(DateTimeOffset AssessedAt, DateOnly AssessedOn, RiskTier Tier, RiskBasisResponse Basis, string Reason, Guid? ActorUserId);
