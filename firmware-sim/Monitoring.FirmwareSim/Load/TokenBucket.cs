namespace Monitoring.FirmwareSim.Load;

/// <summary>
/// Fixed-rate pacing: tokens accrue at <see cref="RatePerSecond"/> up to <see cref="Capacity"/>;
/// a sender takes what has accrued and sends that many, then waits until the next token is due.
/// One wait covers many messages at high rates (no sleep per message), and a sender that fell
/// behind catches up by at most <see cref="Capacity"/> instead of flooding. Time comes from a
/// <see cref="TimeProvider"/>; not thread-safe (one per connection).
/// </summary>
public sealed class TokenBucket
{
    private readonly TimeProvider _time;
    private long _lastTimestamp;
    private double _tokens;

    public TokenBucket(double ratePerSecond, double capacity, TimeProvider time, double initialTokens = 0)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (!double.IsFinite(ratePerSecond) || ratePerSecond <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ratePerSecond), ratePerSecond, "The rate must be a positive number.");
        }

        if (!double.IsFinite(capacity) || capacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The capacity must be at least one token.");
        }

        RatePerSecond = ratePerSecond;
        Capacity = capacity;
        _time = time;
        _tokens = Math.Clamp(initialTokens, 0, capacity);
        _lastTimestamp = time.GetTimestamp();
    }

    public double RatePerSecond { get; }

    public double Capacity { get; }

    /// <summary>Tokens available now (fractional).</summary>
    public double Available
    {
        get
        {
            Refill();
            return _tokens;
        }
    }

    /// <summary>Takes up to <paramref name="max"/> whole tokens; returns how many were taken (0 when none has accrued).</summary>
    public int Take(int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        Refill();
        var taken = (int)Math.Min(max, Math.Floor(_tokens));
        _tokens -= taken;
        return taken;
    }

    /// <summary>How long until <paramref name="count"/> whole tokens will be available (zero if they are).</summary>
    public TimeSpan TimeUntil(int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Capacity);
        Refill();
        var missing = count - _tokens;
        if (missing <= 0)
        {
            return TimeSpan.Zero;
        }

        // Round up to a whole tick so the wait never ends a hair before the token is there.
        return TimeSpan.FromTicks((long)Math.Ceiling(missing / RatePerSecond * TimeSpan.TicksPerSecond));
    }

    private void Refill()
    {
        var now = _time.GetTimestamp();
        var elapsed = (now - _lastTimestamp) / (double)_time.TimestampFrequency;
        _lastTimestamp = now;
        if (elapsed > 0)
        {
            _tokens = Math.Min(Capacity, _tokens + (elapsed * RatePerSecond));
        }
    }
}
