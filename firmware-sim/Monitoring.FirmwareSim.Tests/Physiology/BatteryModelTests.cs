using Monitoring.FirmwareSim.Physiology;

namespace Monitoring.FirmwareSim.Tests.Physiology;

public sealed class BatteryModelTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ABatteryDrainsSteadilyAndNeverBelowZero()
    {
        var battery = new BatteryModel(new Random(1), 50, 2, Start, recharges: false);

        Assert.Equal(50, battery.LevelAt(Start));
        Assert.Equal(30, battery.LevelAt(Start + TimeSpan.FromHours(10)), 6);
        Assert.Equal(0, battery.LevelAt(Start + TimeSpan.FromHours(40)));
    }

    [Fact]
    public void ARechargingPatientPutsItOnTheChargerBetween5And25Percent()
    {
        var battery = new BatteryModel(new Random(3), 100, 1.2, Start, recharges: true);
        var levels = Enumerable.Range(0, 24 * 30).Select(h => battery.LevelAt(Start + TimeSpan.FromHours(h))).ToList();

        Assert.All(levels, l => Assert.InRange(l, 5 - 1.2, 100));
        Assert.Contains(levels, l => l == 100);
        Assert.True(levels.Count(l => l == 100) >= 5, "several charge cycles in a month");
    }

    [Fact]
    public void AScriptedLevelDrainsOnFromThere()
    {
        var battery = new BatteryModel(new Random(1), 100, 1, Start, recharges: false);
        battery.Set(Start + TimeSpan.FromHours(1), 16);

        Assert.Equal(14, battery.LevelAt(Start + TimeSpan.FromHours(3)), 6);
    }
}
