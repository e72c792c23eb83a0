namespace Monitoring.Hub.Referrals.Api;

/// <summary>What <c>GET /api/referrals</c> may be sorted by (<c>sort</c>); wire codes in snake case.</summary>
public enum ReferralSort
{
    RequestedAt,
    StateSince,
    State,
    PatientName,
}
