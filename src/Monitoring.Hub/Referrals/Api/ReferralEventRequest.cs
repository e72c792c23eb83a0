using Monitoring.Domain.Referrals;

namespace Monitoring.Hub.Referrals.Api;

/// <summary>Body of <c>POST /api/referrals/{id}/events</c>: the step taken, when (default now) and a note.</summary>
public sealed record ReferralEventRequest(ReferralState? State, DateTimeOffset? At, string? Note);
