using Monitoring.FirmwareSim.Physiology;

namespace Monitoring.FirmwareSim.Devices;

/// <summary>
/// When a device has connectivity (story time): scripted outages plus, for the fleet, a Poisson
/// stream of outages of random length. Outages are drawn lazily; ask with non-decreasing times.
/// </summary>
public sealed class ConnectivityModel
{
    private readonly Random? _random;
    private readonly double _perHour;
    private readonly TimeSpan _minDuration;
    private readonly TimeSpan _maxDuration;
    private readonly List<OfflineWindow> _windows = [];
    private DateTimeOffset _nextSpontaneous = DateTimeOffset.MaxValue;

    private ConnectivityModel(Random? random, double perHour, TimeSpan minDuration, TimeSpan maxDuration, DateTimeOffset storyStart)
    {
        _random = random;
        _perHour = perHour;
        _minDuration = minDuration;
        _maxDuration = maxDuration;
        if (random is not null)
        {
            _nextSpontaneous = Next(storyStart);
        }
    }

    /// <summary>Online except for the windows added with <see cref="AddOutage"/>.</summary>
    public static ConnectivityModel Scripted() => new(null, 0, TimeSpan.Zero, TimeSpan.Zero, DateTimeOffset.MinValue);

    public static ConnectivityModel WithRandomOutages(Random random, double outagesPerHour, TimeSpan minDuration, TimeSpan maxDuration, DateTimeOffset storyStart)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minDuration, maxDuration);
        return new(random, outagesPerHour, minDuration, maxDuration, storyStart);
    }

    public IReadOnlyList<OfflineWindow> Windows => _windows;

    public void AddOutage(OfflineWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        _windows.Add(window);
    }

    public bool IsOnline(DateTimeOffset story)
    {
        Generate(story);
        foreach (var window in _windows)
        {
            if (window.Contains(story))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The first time after <paramref name="story"/> at which an outage starts or ends (MaxValue when none).</summary>
    public DateTimeOffset NextChangeAfter(DateTimeOffset story)
    {
        Generate(story);
        var next = _nextSpontaneous;
        foreach (var window in _windows)
        {
            if (window.Start > story && window.Start < next)
            {
                next = window.Start;
            }

            if (window.End > story && window.End < next)
            {
                next = window.End;
            }
        }

        return next;
    }

    private void Generate(DateTimeOffset story)
    {
        while (_random is not null && _nextSpontaneous <= story)
        {
            var window = new OfflineWindow(_nextSpontaneous, Draw.Uniform(_random, _minDuration, _maxDuration));
            _windows.Add(window);
            _nextSpontaneous = Next(window.End);
        }
    }

    private DateTimeOffset Next(DateTimeOffset after)
    {
        var wait = Draw.Exponential(_random!, _perHour);
        return wait == TimeSpan.MaxValue || after > DateTimeOffset.MaxValue - wait ? DateTimeOffset.MaxValue : after + wait;
    }
}
