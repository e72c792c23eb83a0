using Monitoring.Mqtt.Internal;

namespace Monitoring.Mqtt.Tests.Internal;

public sealed class ReconnectBackoffTests
{
    private static readonly TimeSpan Min = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    [Fact]
    public void DelaysStayBetweenMinimumAndMaximum()
    {
        var backoff = new ReconnectBackoff(Min, Max, new Random(1));

        for (var i = 0; i < 200; i++)
        {
            var delay = backoff.Next();
            Assert.InRange(delay, Min, Max);
        }
    }

    [Fact]
    public void DelaysGrowExponentiallyUntilTheMaximum()
    {
        var backoff = new ReconnectBackoff(Min, Max, new Random(2));
        var delays = Enumerable.Range(0, 12).Select(_ => backoff.Next()).ToList();

        // Step n is min·2^n; each delay lies in the upper half of its step.
        for (var n = 0; n < 7; n++)
        {
            var step = Min * Math.Pow(2, n);
            Assert.InRange(delays[n], step / 2 > Min ? step / 2 : Min, step);
        }

        Assert.All(delays.Skip(9), d => Assert.InRange(d, Max / 2, Max));
    }

    [Fact]
    public void DelaysAreJittered()
    {
        var backoff = new ReconnectBackoff(Min, Max, new Random(3));
        var atMax = Enumerable.Range(0, 30).Select(_ => backoff.Next()).Skip(10).Distinct().Count();

        Assert.True(atMax > 10);
    }

    [Fact]
    public void ResetStartsOverAtTheMinimum()
    {
        var backoff = new ReconnectBackoff(Min, Max, new Random(4));
        for (var i = 0; i < 20; i++)
        {
            backoff.Next();
        }

        backoff.Reset();

        Assert.Equal(Min, backoff.Next());
    }
}
