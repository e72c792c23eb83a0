using Monitoring.Domain.Alarms;
using static Monitoring.Domain.Tests.Alarms.AlarmTestData;

namespace Monitoring.Domain.Tests.Alarms;

// 003_b7fae3b13c0d2460.txt, 新冠病毒感染者居家治疗指南 三(二)2(2): "体温仍持续高于38.5℃" — strictly above 38.5 °C.
public sealed class FeverRuleTests
{
    private static readonly DateTimeOffset T = MondayEvening;

    [Theory]
    [InlineData(38.5, false)]
    [InlineData(38.6, true)]
    public void FeverIsStrictlyAbove38Point5(double celsius, bool raises)
    {
        var runner = new RuleRunner();

        var decisions = runner.Feed(Temp(celsius, T));

        if (raises)
        {
            var raise = Assert.IsType<Raise>(Assert.Single(decisions));
            Assert.Equal(AlarmKind.Fever, raise.Kind);
            Assert.Equal(AlarmPriority.Medium, raise.Priority);
            Assert.Equal(celsius, raise.Value);
            Assert.Equal(38.5, raise.Threshold);
        }
        else
        {
            Assert.Empty(decisions);
        }
    }

    [Fact]
    public void FeverAgainUpdatesTheOpenAlarm()
    {
        var runner = new RuleRunner();
        runner.Feed(Temp(38.6, T));

        var update = Assert.IsType<Update>(Assert.Single(runner.Feed(Temp(39.4, T.AddHours(4))), d => d.Kind == AlarmKind.Fever));

        Assert.Equal(39.4, update.Value);
    }

    [Fact]
    public void ReadingAt38Point5ClearsTheFever()
    {
        var runner = new RuleRunner();
        runner.Feed(Temp(38.6, T));

        var decisions = runner.Feed(Temp(38.5, T.AddHours(4)));

        Assert.Equal(new ConditionCleared(AlarmKind.Fever, T.AddHours(4)), Assert.Single(decisions, d => d.Kind == AlarmKind.Fever));
    }

    // A backlog reading shows a fever that a newer normal reading says is over: raised (late) and cleared at once.
    [Fact]
    public void LateFeverAfterANewerNormalReadingIsRaisedAndCleared()
    {
        var runner = new RuleRunner();
        runner.Feed(Temp(37.0, T.AddHours(6)));

        var decisions = runner.Feed(Temp(39.0, T), T.AddHours(6).AddMinutes(1)).Where(d => d.Kind == AlarmKind.Fever).ToList();

        Assert.Collection(
            decisions,
            first => Assert.True(Assert.IsType<Raise>(first).Late),
            second => Assert.Equal(new ConditionCleared(AlarmKind.Fever, T.AddHours(6)), second));
    }

    [Fact]
    public void LateNormalReadingDoesNotClearAPresentFever()
    {
        var runner = new RuleRunner();
        runner.Feed(Temp(39.0, T.AddHours(6)));

        Assert.Empty(runner.Feed(Temp(37.0, T), T.AddHours(6).AddMinutes(1)));
    }
}
