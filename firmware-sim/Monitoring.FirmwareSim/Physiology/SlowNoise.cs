namespace Monitoring.FirmwareSim.Physiology;

/// <summary>
/// Ornstein-Uhlenbeck noise sampled at irregular times: a slow wander with a given spread and
/// correlation time, so consecutive readings are related the way a real signal's are. Times must
/// not go backwards (an earlier time returns the current value).
/// </summary>
public sealed class SlowNoise
{
    private readonly Random _random;
    private readonly double _standardDeviation;
    private readonly double _correlationSeconds;
    private DateTimeOffset? _last;
    private double _value;

    public SlowNoise(Random random, double standardDeviation, TimeSpan correlationTime)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegative(standardDeviation);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(correlationTime, TimeSpan.Zero);
        _random = random;
        _standardDeviation = standardDeviation;
        _correlationSeconds = correlationTime.TotalSeconds;
    }

    public double At(DateTimeOffset time)
    {
        if (_last is not { } last)
        {
            _value = Draw.Gaussian(_random, 0, _standardDeviation);
        }
        else
        {
            var dt = (time - last).TotalSeconds;
            if (dt <= 0)
            {
                return _value;
            }

            var a = Math.Exp(-dt / _correlationSeconds);
            _value = (a * _value) + (Math.Sqrt(1 - (a * a)) * Draw.Gaussian(_random, 0, _standardDeviation));
        }

        _last = time;
        return _value;
    }
}
