using Monitoring.FirmwareSim.Physiology;

namespace Monitoring.FirmwareSim.Tests.Physiology;

public sealed class LevelScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ARampMovesLinearlyAndThenHolds()
    {
        var level = new LevelSchedule(96);
        level.AddRamp(new LevelRamp(Start + TimeSpan.FromHours(1), TimeSpan.FromHours(10), 88));

        Assert.Equal(96, level.At(Start));
        Assert.Equal(92, level.At(Start + TimeSpan.FromHours(6)), 6);
        Assert.Equal(88, level.At(Start + TimeSpan.FromHours(11)));
        Assert.Equal(88, level.At(Start + TimeSpan.FromDays(3)));
    }

    [Fact]
    public void ALaterRampStartsFromWhereTheLevelIs()
    {
        var level = new LevelSchedule(96);
        level.AddRamp(new LevelRamp(Start + TimeSpan.FromHours(4), TimeSpan.FromHours(2), 96));
        level.AddRamp(new LevelRamp(Start, TimeSpan.FromHours(8), 88));

        Assert.Equal(92, level.At(Start + TimeSpan.FromHours(4)), 6);
        Assert.Equal(94, level.At(Start + TimeSpan.FromHours(5)), 6);
        Assert.Equal(96, level.At(Start + TimeSpan.FromHours(7)));
    }
}
