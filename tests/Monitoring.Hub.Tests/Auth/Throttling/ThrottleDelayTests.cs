using Monitoring.Hub.Auth.Throttling;

namespace Monitoring.Hub.Tests.Auth.Throttling;

public sealed class ThrottleDelayTests
{
    private static readonly DateTimeOffset Last = new(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);

    private static TimeSpan Remaining(int failures, TimeSpan sinceLast) =>
        ThrottleDelay.Remaining(failures, Last, free: 5, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(15), Last + sinceLast);

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void FailuresBelowTheFreeAllowanceNeverWait(int failures) =>
        Assert.Equal(TimeSpan.Zero, Remaining(failures, TimeSpan.Zero));

    [Theory]
    [InlineData(5, 1)]
    [InlineData(6, 2)]
    [InlineData(7, 4)]
    [InlineData(10, 32)]
    public void EachFailureBeyondTheAllowanceDoublesTheDelay(int failures, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Remaining(failures, TimeSpan.Zero));

    [Fact]
    public void TheDelayIsCappedAndCountsFromTheLastFailure()
    {
        Assert.Equal(TimeSpan.FromMinutes(15), Remaining(60, TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromMinutes(5), Remaining(60, TimeSpan.FromMinutes(10)));
        Assert.Equal(TimeSpan.Zero, Remaining(60, TimeSpan.FromMinutes(15)));
    }
}
