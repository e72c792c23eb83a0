using Monitoring.Domain.Referrals;

namespace Monitoring.Hub.Referrals.Api;

/// <summary>Body of <c>POST /api/patients/{id}/referrals</c>.</summary>
public sealed record CreateReferralRequest(
    string? Reason, Guid? AlarmId, DestinationLevel? DestinationLevel, string? Destination, ReferralTransport? Transport, string? Note);
