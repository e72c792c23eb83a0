using System.Globalization;

namespace Monitoring.Hub.Api.Paging;

/// <summary>
/// The paging query parameters every list endpoint shares (<c>page</c>, <c>pageSize</c>,
/// <c>sort</c>, <c>order</c>, <c>q</c>), bound with <c>[AsParameters]</c> as the caller typed them,
/// so a bad value becomes a 400 naming the field instead of a binding failure.
/// </summary>
public sealed class PageParameters
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;
    public const int MaxSearchLength = 100;

    public string? Page { get; init; }

    public string? PageSize { get; init; }

    public string? Sort { get; init; }

    public string? Order { get; init; }

    public string? Q { get; init; }

    /// <summary>
    /// The checked request, or null with the problems added to <paramref name="errors"/>.
    /// <paramref name="sortKeys"/> are the list's sort keys, the first being its default.
    /// </summary>
    public PageQuery? Validate(ValidationErrors errors, IReadOnlyList<string> sortKeys)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(sortKeys);
        if (sortKeys.Count == 0)
        {
            throw new ArgumentException("A list needs at least one sort key.", nameof(sortKeys));
        }

        var valid = true;
        var page = 1;
        if (Page is not null && (!int.TryParse(Page, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1))
        {
            errors.Add("page", "must be a whole number from 1 (the first page).");
            valid = false;
        }

        var pageSize = DefaultPageSize;
        if (PageSize is not null
            && (!int.TryParse(PageSize, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            errors.Add("pageSize", $"must be a whole number from 1 to {MaxPageSize} (default {DefaultPageSize}).");
            valid = false;
        }

        var sort = sortKeys[0];
        if (Sort is not null)
        {
            if (!sortKeys.Contains(Sort, StringComparer.Ordinal))
            {
                errors.Add("sort", $"must be one of: {string.Join(", ", sortKeys)}.");
                valid = false;
            }
            else
            {
                sort = Sort;
            }
        }

        bool? descending = Order switch
        {
            null => null,
            "asc" => false,
            "desc" => true,
            _ => Invalid(errors, "order", "must be asc or desc."),
        };
        valid &= Order is null or "asc" or "desc";

        string? search = null;
        if (Q is not null)
        {
            search = Q.Trim();
            if (search.Length > MaxSearchLength || search.Any(char.IsControl))
            {
                errors.Add("q", $"must be at most {MaxSearchLength} characters, without control characters.");
                valid = false;
            }
            else if (search.Length == 0)
            {
                search = null;
            }
        }

        if (!valid)
        {
            return null;
        }

        // Either paging parameter asks for the paged answer; without both the list stays the plain array it always was.
        return new PageQuery(page, pageSize, sort, descending, search, Paged: Page is not null || PageSize is not null);
    }

    private static bool? Invalid(ValidationErrors errors, string field, string message)
    {
        errors.Add(field, message);
        return null;
    }
}
