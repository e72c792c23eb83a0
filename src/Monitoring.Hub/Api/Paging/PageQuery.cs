namespace Monitoring.Hub.Api.Paging;

/// <summary>
/// A checked paging request. <see cref="Descending"/> null means the sort key's natural order
/// (names A→Z, urgency worst first); <see cref="Search"/> is trimmed, null when absent.
/// Without <see cref="Paged"/> the list answers every row as a plain array (the API before paging).
/// </summary>
public sealed record PageQuery(int Page, int PageSize, string Sort, bool? Descending, string? Search, bool Paged)
{
    /// <summary>Rows to skip; none for an unpaged list.</summary>
    public int Offset => Paged ? (int)Math.Min(int.MaxValue, (long)(Page - 1) * PageSize) : 0;

    /// <summary>Rows to take; all for an unpaged list.</summary>
    public int Limit => Paged ? PageSize : int.MaxValue;

    /// <summary>The search text as an SQL <c>ILIKE</c> pattern matching it anywhere (its own % _ \ taken literally).</summary>
    public string? SearchPattern => Search is null
        ? null
        : "%" + Search.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";

    /// <summary>SQL <c>ASC</c>/<c>DESC</c> for a key whose natural order is <paramref name="naturalDescending"/>.</summary>
    public string Direction(bool naturalDescending = false) => (Descending ?? naturalDescending) ? "DESC" : "ASC";

    /// <summary>The answer for rows already cut to this page (<paramref name="total"/> counts every match).</summary>
    public PagedList<T> Answer<T>(IReadOnlyList<T> items, int total) => new(items, total, Page, PageSize);

    /// <summary>Cuts an in-memory list, already filtered and sorted, to this page.</summary>
    public PagedList<T> Cut<T>(IReadOnlyList<T> all)
    {
        ArgumentNullException.ThrowIfNull(all);
        return new PagedList<T>([.. all.Skip(Offset).Take(Limit)], all.Count, Page, PageSize);
    }
}
