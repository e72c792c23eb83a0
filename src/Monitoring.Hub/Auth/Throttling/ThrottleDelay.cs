namespace Monitoring.Hub.Auth.Throttling;

/// <summary>The exponential delay of one throttle key: a pure function of its failures and the last one's time.</summary>
public static class ThrottleDelay
{
    /// <summary>
    /// How long an attempt must still wait at <paramref name="now"/>: nothing while
    /// <paramref name="failures"/> is below <paramref name="free"/>, then <paramref name="baseDelay"/>
    /// after the last failure, doubled per further failure, at most <paramref name="maxDelay"/>.
    /// </summary>
    public static TimeSpan Remaining(int failures, DateTimeOffset lastFailureAt, int free, TimeSpan baseDelay, TimeSpan maxDelay, DateTimeOffset now)
    {
        if (failures < free)
        {
            return TimeSpan.Zero;
        }

        var doublings = Math.Min(failures - free, 40);
        var delayTicks = Math.Min((double)baseDelay.Ticks * Math.Pow(2, doublings), maxDelay.Ticks);
        var remaining = lastFailureAt + TimeSpan.FromTicks((long)delayTicks) - now;
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }
}
