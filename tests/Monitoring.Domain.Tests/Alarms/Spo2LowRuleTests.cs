using Monitoring.Domain.Alarms;
using Monitoring.Domain.Thresholds;
using static Monitoring.Domain.Tests.Alarms.AlarmTestData;

namespace Monitoring.Domain.Tests.Alarms;

// 001_c1a4964215f4f1e9.txt, 二(二)2(1): "如出现持续高热、呼吸困难、指氧饱和度<93%等情况尽快转诊".
// Strictly below 93 %, sustained for 2 consecutive readings or 10 s of readings (clinical-rules §2).
public sealed class Spo2LowRuleTests
{
    private static readonly DateTimeOffset T = MondayEvening;

    [Fact]
    public void Spo2Of92Point9RaisesAfterTwoReadings()
    {
        var runner = new RuleRunner();

        Assert.Empty(runner.Feed(Spo2(92.9, T)));
        var decisions = runner.Feed(Spo2(92.9, T.AddSeconds(1)));

        var raise = Assert.IsType<Raise>(Assert.Single(decisions));
        Assert.Equal(AlarmKind.Spo2Low, raise.Kind);
        Assert.Equal(AlarmPriority.High, raise.Priority);
        Assert.Equal(92.9, raise.Value);
        Assert.Equal(93.0, raise.Threshold);
        Assert.Equal(T.AddSeconds(1), raise.ObservedAt);
        Assert.False(raise.Late);
    }

    [Fact]
    public void Spo2Of93Point0NeverRaises()
    {
        var runner = new RuleRunner();

        for (var i = 0; i < 30; i++)
        {
            runner.Feed(Spo2(93.0, T.AddSeconds(i)));
        }

        Assert.Empty(runner.All);
    }

    [Fact]
    public void OneReadingBelowIsNotSustained()
    {
        var runner = new RuleRunner();

        runner.Feed(Spo2(88, T));
        runner.Feed(Spo2(97, T.AddSeconds(30)));

        Assert.Empty(runner.All);
    }

    [Fact]
    public void ReadingAtTheThresholdResetsTheRun()
    {
        var runner = new RuleRunner();

        runner.Feed(Spo2(92.9, T));
        runner.Feed(Spo2(93.0, T.AddSeconds(1)));
        Assert.Empty(runner.Feed(Spo2(92.9, T.AddSeconds(2))));

        Assert.IsType<Raise>(Assert.Single(runner.Feed(Spo2(92.9, T.AddSeconds(3)))));
    }

    // Readings = 3, seconds = 10, a reading every second: the third reading comes first (2 s).
    [Fact]
    public void SustainByReadingsComesFirstWithFrequentReadings()
    {
        var runner = new RuleRunner(AlarmThresholds.Default with { Spo2SustainReadings = 3, Spo2SustainSeconds = 10 });

        Assert.Empty(runner.Feed(Spo2(90, T)));
        Assert.Empty(runner.Feed(Spo2(90, T.AddSeconds(1))));

        var raise = Assert.IsType<Raise>(Assert.Single(runner.Feed(Spo2(90, T.AddSeconds(2)))));
        Assert.Equal(T.AddSeconds(2), raise.ObservedAt);
    }

    // Readings = 5, seconds = 10, sparse readings: the run's span decides, 10 s of reading time exactly.
    [Theory]
    [InlineData(9, false)]
    [InlineData(10, true)]
    public void SustainBySecondsComesFirstWithSparseReadings(int secondReadingAfter, bool raises)
    {
        var runner = new RuleRunner(AlarmThresholds.Default with { Spo2SustainReadings = 5, Spo2SustainSeconds = 10 });

        runner.Feed(Spo2(91, T));
        var decisions = runner.Feed(Spo2(91, T.AddSeconds(secondReadingAfter)));

        Assert.Equal(raises, decisions.OfType<Raise>().Any());
    }

    [Fact]
    public void OneReadingIsEnoughWhenTheClinicAsksForOne()
    {
        var runner = new RuleRunner(AlarmThresholds.Default with { Spo2SustainReadings = 1 });

        Assert.IsType<Raise>(Assert.Single(runner.Feed(Spo2(92, T))));
    }

    [Fact]
    public void ReadingsBelowAfterTheRaiseUpdateTheOpenAlarm()
    {
        var runner = new RuleRunner();
        runner.Feed(Spo2(92, T));
        runner.Feed(Spo2(91, T.AddSeconds(1)));

        var update = Assert.IsType<Update>(Assert.Single(runner.Feed(Spo2(89, T.AddSeconds(2)))));

        Assert.Equal(AlarmKind.Spo2Low, update.Kind);
        Assert.Equal(89, update.Value);
        Assert.Equal(T.AddSeconds(2), update.ObservedAt);
    }

    [Fact]
    public void ReadingAtTheThresholdClearsTheCondition()
    {
        var runner = new RuleRunner();
        runner.Feed(Spo2(92, T));
        runner.Feed(Spo2(91, T.AddSeconds(1)));

        var cleared = Assert.IsType<ConditionCleared>(Assert.Single(runner.Feed(Spo2(93.0, T.AddSeconds(2)))));

        Assert.Equal(AlarmKind.Spo2Low, cleared.Kind);
        Assert.Equal(T.AddSeconds(2), cleared.At);
        Assert.Empty(runner.Feed(Spo2(96, T.AddSeconds(3))));
    }

    [Fact]
    public void NewDropAfterRecoveryRaisesAgain()
    {
        var runner = new RuleRunner();
        runner.Feed(Spo2(92, T));
        runner.Feed(Spo2(91, T.AddSeconds(1)));
        runner.Feed(Spo2(97, T.AddSeconds(2)));

        runner.Feed(Spo2(90, T.AddMinutes(5)));
        runner.Feed(Spo2(90, T.AddMinutes(5).AddSeconds(1)));

        Assert.Equal(2, runner.All.OfType<Raise>().Count());
    }

    // A pack sent newest first is read oldest first: the run is the same.
    [Fact]
    public void PackIsReadInOrderOfReadingTime()
    {
        var runner = new RuleRunner();

        var decisions = runner.FeedPack([Spo2(97, T.AddSeconds(2)), Spo2(90, T.AddSeconds(1)), Spo2(91, T)], T.AddSeconds(3));

        Assert.Equal([typeof(Raise), typeof(ConditionCleared)], decisions.Select(decision => decision.GetType()));
        Assert.Equal(T.AddSeconds(1), ((Raise)decisions[0]).ObservedAt);
    }

    // Readings = 3: two live readings below, then the one taken between them arrives late.
    [Fact]
    public void LateReadingInsideTheCurrentRunCompletesIt()
    {
        var runner = new RuleRunner(AlarmThresholds.Default with { Spo2SustainReadings = 3, Spo2SustainSeconds = 60 });
        runner.Feed(Spo2(97, T));
        runner.Feed(Spo2(91, T.AddSeconds(10)));
        runner.Feed(Spo2(91, T.AddSeconds(20)));

        var raise = Assert.IsType<Raise>(Assert.Single(runner.Feed(Spo2(90, T.AddSeconds(15)), T.AddSeconds(21))));

        Assert.Equal(90, raise.Value);
    }

    // An out-of-order normal reading is older than the newest one, which is below: it does not end the present run.
    [Fact]
    public void LateNormalReadingDoesNotClearThePresentCondition()
    {
        var runner = new RuleRunner();
        runner.Feed(Spo2(91, T));
        runner.Feed(Spo2(91, T.AddSeconds(2)));

        Assert.Empty(runner.Feed(Spo2(96, T.AddSeconds(1)), T.AddSeconds(3)));
        Assert.IsType<Update>(Assert.Single(runner.Feed(Spo2(90, T.AddSeconds(3)))));
    }

    // The device was offline for an hour, came back with normal live readings, then uploaded what it
    // stored: a hypoxic episode the nurse must hear about, late, and already over.
    [Fact]
    public void BacklogEpisodeIsRaisedLateAndClearedAtOnce()
    {
        var runner = new RuleRunner();
        var now = T.AddHours(1);
        runner.Feed(Spo2(97, T.AddMinutes(-5)));
        runner.Feed(Spo2(96, now));

        var decisions = runner.FeedPack(
            [Spo2(95, T), Spo2(90, T.AddMinutes(10)), Spo2(89, T.AddMinutes(10).AddSeconds(5)), Spo2(96, T.AddMinutes(11))],
            now.AddSeconds(1));

        Assert.Collection(
            decisions,
            first =>
            {
                var raise = Assert.IsType<Raise>(first);
                Assert.Equal(89, raise.Value);
                Assert.Equal(T.AddMinutes(10).AddSeconds(5), raise.ObservedAt);
                Assert.True(raise.Late);
            },
            second => Assert.Equal(new ConditionCleared(AlarmKind.Spo2Low, now), second));
    }

    [Fact]
    public void BacklogSplitOverTwoMessagesIsStillOneRun()
    {
        var runner = new RuleRunner();
        var now = T.AddHours(1);
        runner.Feed(Spo2(96, now));

        Assert.Empty(runner.Feed(Spo2(90, T), now));
        var decisions = runner.Feed(Spo2(90, T.AddSeconds(1)), now);
        Assert.Empty(runner.Feed(Spo2(90, T.AddSeconds(2)), now));

        Assert.Equal([typeof(Raise), typeof(ConditionCleared)], decisions.Select(decision => decision.GetType()));
    }

    // Readings older than the last normal one belong to a past episode: it must not clear the present one.
    [Fact]
    public void BacklogEpisodeWhileThePatientIsLowNowOnlyUpdatesTheOpenAlarm()
    {
        var runner = new RuleRunner();
        var now = T.AddHours(1);
        runner.Feed(Spo2(97, T.AddMinutes(30)));
        runner.Feed(Spo2(91, now));
        runner.Feed(Spo2(91, now.AddSeconds(1)));

        var decisions = runner.FeedPack([Spo2(85, T), Spo2(86, T.AddSeconds(1))], now.AddSeconds(2));

        var update = Assert.IsType<Update>(Assert.Single(decisions));
        Assert.Equal(86, update.Value);
    }

    // The hook for motion artefacts (low perfusion index in the same pack) filters nothing until
    // clinicians agree a rule: a pack with a very low PI still alarms.
    [Fact]
    public void LowPerfusionIndexInThePackDoesNotFilterYet()
    {
        var runner = new RuleRunner();

        var decisions = runner.FeedPack(
            [
                new VitalReading(Oximeter, VitalMetric.PerfusionIndex, 0.1, T),
                Spo2(90, T),
                new VitalReading(Oximeter, VitalMetric.PerfusionIndex, 0.1, T.AddSeconds(1)),
                Spo2(90, T.AddSeconds(1)),
            ],
            T.AddSeconds(1));

        Assert.IsType<Raise>(Assert.Single(decisions));
    }
}
