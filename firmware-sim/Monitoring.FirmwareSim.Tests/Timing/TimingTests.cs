using Monitoring.FirmwareSim.Timing;

namespace Monitoring.FirmwareSim.Tests.Timing;

public sealed class TimingTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("20m", 1200)]
    [InlineData("6h", 21600)]
    [InlineData("4d", 345600)]
    [InlineData("1d12h", 129600)]
    [InlineData("1h30m", 5400)]
    [InlineData("500ms", 0.5)]
    [InlineData("2.5s", 2.5)]
    [InlineData("60", 60)]
    [InlineData("0", 0)]
    public void DurationsReadAsPeopleWriteThem(string text, double seconds)
    {
        Assert.True(DurationText.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5 minutes")]
    [InlineData("h")]
    [InlineData("-5s")]
    [InlineData("3w")]
    public void NonsenseIsNotADuration(string text) => Assert.False(DurationText.TryParse(text, out _));

    [Fact]
    public void StoryTimeRunsTimeScaleTimesFaster()
    {
        var mapping = new TimeMapping(Start, 1440);

        Assert.Equal(Start + TimeSpan.FromDays(1), mapping.StoryAt(Start + TimeSpan.FromMinutes(1)));
        Assert.Equal(Start + TimeSpan.FromMinutes(1), mapping.WallAt(Start + TimeSpan.FromDays(1)));
        Assert.Equal(TimeSpan.FromSeconds(1.25), mapping.ToWall(TimeSpan.FromMinutes(30)));
    }

    [Fact]
    public async Task AnInstantClockJumpsToEachDueTime()
    {
        var clock = SimulationClock.Instant(Start);

        await clock.WaitUntilAsync(Start + TimeSpan.FromDays(3), CancellationToken.None);
        await clock.WaitUntilAsync(Start + TimeSpan.FromDays(1), CancellationToken.None);

        Assert.Equal(Start + TimeSpan.FromDays(3), clock.UtcNow);
    }
}
