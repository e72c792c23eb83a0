namespace Monitoring.Hub.Reports.Model;

/// <summary>
/// Referrals requested during the day; the referrals open at any time of the day by their state at its end
/// (wire codes); the median request → admission (minutes) of those admitted that day, null when none.
/// </summary>
public sealed record ReportReferrals(int Requested, IReadOnlyDictionary<string, int> ByState, double? MedianMinutesToAdmission);
