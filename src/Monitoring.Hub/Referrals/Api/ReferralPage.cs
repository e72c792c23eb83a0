namespace Monitoring.Hub.Referrals.Api;

/// <summary>
/// One page of referrals, the shape every paged list of the API answers with when <c>page</c> or
/// <c>pageSize</c> is given: the page's items, how many match in all, and the page asked for.
/// </summary>
public sealed record ReferralPage(IReadOnlyList<ReferralResponse> Items, int Total, int Page, int PageSize);
