namespace Monitoring.Hub.Ingestion;

/// <summary>A rate limit: <c>rate</c> tokens per second, up to <c>burst</c> saved. Not thread-safe (one caller per bucket).</summary>
public sealed class TokenBucket
{
    private readonly double _rate;
    private readonly double _burst;
    private readonly TimeProvider _time;
    private double _tokens;
    private long _last;

    public TokenBucket(double ratePerSecond, double burst, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        ArgumentNullException.ThrowIfNull(time);
        _rate = ratePerSecond;
        _burst = burst;
        _time = time;
        _tokens = burst;
        _last = time.GetTimestamp();
    }

    public bool TryTake()
    {
        var now = _time.GetTimestamp();
        _tokens = Math.Min(_burst, _tokens + (_time.GetElapsedTime(_last, now).TotalSeconds * _rate));
        _last = now;
        if (_tokens < 1)
        {
            return false;
        }

        _tokens -= 1;
        return true;
    }
}
