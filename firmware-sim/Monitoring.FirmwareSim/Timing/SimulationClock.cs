namespace Monitoring.FirmwareSim.Timing;

/// <summary>
/// The real clock of a run: either a <see cref="TimeProvider"/> (live runs; fake time in tests) or a
/// virtual clock that jumps to each due time at once (dry runs print a whole story without waiting).
/// An instant clock serves one loop only.
/// </summary>
public sealed class SimulationClock
{
    private readonly TimeProvider? _time;
    private DateTimeOffset _virtualNow;

    private SimulationClock(TimeProvider? time, DateTimeOffset start)
    {
        _time = time;
        _virtualNow = start;
    }

    public static SimulationClock Real(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return new SimulationClock(time, default);
    }

    public static SimulationClock Instant(DateTimeOffset start) => new(null, start);

    public bool IsInstant => _time is null;

    public DateTimeOffset UtcNow => _time?.GetUtcNow() ?? _virtualNow;

    public async ValueTask WaitUntilAsync(DateTimeOffset due, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_time is null)
        {
            if (due > _virtualNow)
            {
                _virtualNow = due;
            }

            return;
        }

        var delay = due - _time.GetUtcNow();
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, _time, cancellationToken);
        }
    }
}
