using Monitoring.FirmwareSim.Load;
using Monitoring.FirmwareSim.Tests.Support;

namespace Monitoring.FirmwareSim.Tests.Load;

public sealed class TokenBucketTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TokensAccrueAtTheRate()
    {
        var time = new ManualTimeProvider(Start);
        var bucket = new TokenBucket(100, capacity: 1000, time);

        Assert.Equal(0, bucket.Take(1000));
        time.Advance(TimeSpan.FromMilliseconds(250));
        Assert.Equal(25, bucket.Take(1000));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(40, bucket.Take(40));
        Assert.Equal(60, bucket.Take(1000));
    }

    [Fact]
    public void AnIdleSenderCatchesUpByTheCapacityAtMost()
    {
        var time = new ManualTimeProvider(Start);
        var bucket = new TokenBucket(1000, capacity: 100, time);

        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(100, bucket.Take(int.MaxValue));
        Assert.Equal(0, bucket.Take(int.MaxValue));
    }

    [Fact]
    public void TheWaitForTheNextTokenIsExact()
    {
        var time = new ManualTimeProvider(Start);
        var bucket = new TokenBucket(200, capacity: 20, time);

        Assert.Equal(TimeSpan.FromMilliseconds(5), bucket.TimeUntil());
        Assert.Equal(TimeSpan.FromMilliseconds(50), bucket.TimeUntil(10));
        time.Advance(TimeSpan.FromMilliseconds(5));
        Assert.Equal(TimeSpan.Zero, bucket.TimeUntil());
        Assert.Equal(1, bucket.Take(5));
    }

    [Fact]
    public void FractionsOfATokenAreKept()
    {
        var time = new ManualTimeProvider(Start);
        var bucket = new TokenBucket(3, capacity: 10, time);
        var taken = 0;
        for (var i = 0; i < 100; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            taken += bucket.Take(10);
        }

        Assert.InRange(taken, 29, 30);
    }
}
