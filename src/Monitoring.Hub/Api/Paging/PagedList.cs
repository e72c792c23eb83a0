namespace Monitoring.Hub.Api.Paging;

/// <summary>One page of a list: its rows, how many rows match in all, and which page it is.</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);
