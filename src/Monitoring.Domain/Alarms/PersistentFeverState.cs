namespace Monitoring.Domain.Alarms;

/// <summary>
/// What the <c>fever_persistent</c> rule remembers: a bounded window of per-day summaries, so a
/// reading uploaded late is placed in its own day and the episode is re-evaluated from the days.
/// </summary>
public sealed record PersistentFeverState
{
    /// <summary>Days with at least one temperature reading, oldest first, within the kept window.</summary>
    public IReadOnlyList<FeverDay> Days { get; init; } = [];

    /// <summary>
    /// An episode still going on at the start of the window, summarised when its older days were
    /// dropped (so an episode longer than the window keeps its start).
    /// </summary>
    public FeverEpisode? Carried { get; init; }

    /// <summary>The start of the episode last raised as <c>fever_persistent</c>; null when none was.</summary>
    public DateTimeOffset? ReportedEpisodeStart { get; init; }

    /// <summary>The reported episode has ended and its condition was cleared.</summary>
    public bool ReportedEpisodeCleared { get; init; }
}
