namespace Monitoring.Mqtt.Internal;

/// <summary>
/// Exponential reconnect delays between a minimum and a maximum, with jitter so a fleet of clients cut off together
/// does not return in lock-step: each delay is drawn from the upper half of the current step, never below the minimum.
/// </summary>
internal sealed class ReconnectBackoff
{
    private readonly long _minTicks;
    private readonly long _maxTicks;
    private readonly Random _random;
    private int _attempt;

    public ReconnectBackoff(TimeSpan min, TimeSpan max, Random? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(min, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, min);
        _minTicks = min.Ticks;
        _maxTicks = max.Ticks;
        _random = random ?? Random.Shared;
    }

    public int Attempt => _attempt;

    public TimeSpan Next()
    {
        var step = _attempt >= 62 || _minTicks > _maxTicks >> _attempt ? _maxTicks : _minTicks << _attempt;
        _attempt++;
        var half = step / 2;
        var ticks = half + (long)(_random.NextDouble() * (step - half));
        return TimeSpan.FromTicks(Math.Clamp(ticks, _minTicks, _maxTicks));
    }

    public void Reset() => _attempt = 0;
}
