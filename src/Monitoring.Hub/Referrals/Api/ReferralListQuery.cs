namespace Monitoring.Hub.Referrals.Api;

/// <summary>
/// Validated filters and paging of <c>GET /api/referrals</c>: <see cref="Open"/> null for both open and
/// closed; <see cref="Page"/> null for the whole list (newest request first unless sorted).
/// </summary>
public sealed record ReferralListQuery(
    Guid? ClinicId, bool? Open, Guid? PatientId, Guid? AlarmId, Guid? TeamId, string? Search,
    ReferralSort Sort, bool Descending, int? Page, int PageSize);
