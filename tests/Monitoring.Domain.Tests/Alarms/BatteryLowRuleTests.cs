using Monitoring.Domain.Alarms;
using static Monitoring.Domain.Tests.Alarms.AlarmTestData;

namespace Monitoring.Domain.Tests.Alarms;

// clinical-rules §2: battery at or below 15 % (monitoring practice), low priority.
public sealed class BatteryLowRuleTests
{
    private static readonly DateTimeOffset T = MondayEvening;

    [Theory]
    [InlineData(15.0, true)]
    [InlineData(15.1, false)]
    public void BatteryAtOrBelow15Raises(double percent, bool raises)
    {
        var decisions = new RuleRunner().Feed(Battery(percent, T));

        if (raises)
        {
            var raise = Assert.IsType<Raise>(Assert.Single(decisions));
            Assert.Equal(AlarmKind.BatteryLow, raise.Kind);
            Assert.Equal(AlarmPriority.Low, raise.Priority);
            Assert.Equal(15, raise.Threshold);
            Assert.Equal(Oximeter, raise.Detail);
        }
        else
        {
            Assert.Empty(decisions);
        }
    }

    [Fact]
    public void BatteryAbove15ClearsTheCondition()
    {
        var runner = new RuleRunner();
        runner.Feed(Battery(15, T));

        Assert.IsType<Update>(Assert.Single(runner.Feed(Battery(14, T.AddMinutes(10)))));
        Assert.Equal(new ConditionCleared(AlarmKind.BatteryLow, T.AddMinutes(20)), Assert.Single(runner.Feed(Battery(15.1, T.AddMinutes(20)))));
    }

    [Fact]
    public void ConditionClearsOnlyWhenNoDeviceOfThePatientIsLow()
    {
        var runner = new RuleRunner();
        runner.Feed(Battery(10, T, Oximeter));

        var update = Assert.IsType<Update>(Assert.Single(runner.Feed(Battery(12, T.AddMinutes(1), Thermometer))));
        Assert.Equal($"{Oximeter}, {Thermometer}", update.Detail);
        Assert.Empty(runner.Feed(Battery(100, T.AddMinutes(2), Oximeter)));
        Assert.IsType<ConditionCleared>(Assert.Single(runner.Feed(Battery(90, T.AddMinutes(3), Thermometer))));
    }

    [Fact]
    public void StaleBatteryReadingIsIgnored()
    {
        var runner = new RuleRunner();
        runner.Feed(Battery(80, T.AddMinutes(10)));

        Assert.Empty(runner.Feed(Battery(5, T), T.AddMinutes(11)));
    }
}
