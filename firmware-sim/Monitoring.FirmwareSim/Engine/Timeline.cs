using Monitoring.FirmwareSim.Timing;

namespace Monitoring.FirmwareSim.Engine;

/// <summary>Scripted actions in story-time order (a scenario's events), played as their time comes.</summary>
public sealed class Timeline : ISimulationActor
{
    private readonly List<TimelineEntry> _entries;
    private readonly TimeMapping _mapping;
    private readonly TextWriter? _log;
    private int _next;

    public Timeline(IEnumerable<TimelineEntry> entries, TimeMapping mapping, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(mapping);
        _entries = [.. entries.OrderBy(e => e.Story)];
        _mapping = mapping;
        _log = log;
    }

    public int Remaining => _entries.Count - _next;

    public DateTimeOffset NextDue => _next < _entries.Count ? _mapping.WallAt(_entries[_next].Story) : DateTimeOffset.MaxValue;

    public async Task ActAsync(SimInstant now, CancellationToken cancellationToken)
    {
        while (_next < _entries.Count && _mapping.WallAt(_entries[_next].Story) <= now.Wall)
        {
            var entry = _entries[_next++];
            var at = new SimInstant(now.Wall, entry.Story);
            _log?.WriteLine($"# story +{DurationText.Format(_mapping.StoryElapsed(at))}: {entry.Description}");
            await entry.Action(at, cancellationToken);
        }
    }
}
