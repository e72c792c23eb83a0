using Monitoring.Hub.Api.Paging;

namespace Monitoring.Hub.FollowUps;

/// <summary>
/// The worklist's sort keys. <c>urgency</c> (the default) is the order a nurse works in: red before
/// yellow before green, then the most overdue follow-up, then the most contacts behind this week.
/// Every key ends on the name and the id, so a page boundary never moves between two requests.
/// </summary>
internal static class WorklistOrder
{
    public static readonly IReadOnlyList<string> SortKeys = ["urgency", "name", "tier", "overdue"];

    public static IReadOnlyList<WorklistEntry> Sort(IEnumerable<WorklistEntry> entries, PageQuery page)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(page);
        IOrderedEnumerable<WorklistEntry> sorted;
        bool naturalDescending;
        switch (page.Sort)
        {
            case "name":
                sorted = entries.OrderBy(e => e.PatientName, StringComparer.Ordinal);
                naturalDescending = false;
                break;
            case "tier":
                sorted = entries.OrderByDescending(e => e.Tier).ThenByDescending(e => e.FollowUp?.DaysOverdue ?? -1);
                naturalDescending = true;
                break;
            case "overdue":
                sorted = entries.OrderByDescending(e => e.FollowUp?.DaysOverdue ?? -1).ThenByDescending(e => e.Tier);
                naturalDescending = true;
                break;
            default:
                sorted = entries
                    .OrderByDescending(e => e.Tier)
                    .ThenByDescending(e => e.FollowUp?.DaysOverdue ?? -1)
                    .ThenByDescending(e => e.Cadence.Shortfall);
                naturalDescending = true;
                break;
        }

        var list = sorted.ThenBy(e => e.PatientName, StringComparer.Ordinal).ThenBy(e => e.PatientId).ToList();
        if (page.Descending is { } descending && descending != naturalDescending)
        {
            list.Reverse();
        }

        return list;
    }
}
