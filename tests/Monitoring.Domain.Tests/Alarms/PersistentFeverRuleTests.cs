using Monitoring.Domain.Alarms;
using static Monitoring.Domain.Tests.Alarms.AlarmTestData;

namespace Monitoring.Domain.Tests.Alarms;

// 003_b7fae3b13c0d2460.txt, 新冠病毒感染者居家治疗指南 三(二)2(2): "经药物治疗后体温仍持续高于38.5℃,超过3天";
// 001_c1a4964215f4f1e9.txt, 二(二)2(1): "持续高热…尽快转诊". The episode of clinical-rules §2, in the
// clinic's calendar days (Asia/Shanghai, UTC+8: local midnight is 16:00 UTC the day before).
public sealed class PersistentFeverRuleTests
{
    // Fever from Monday 20:00 local, a fever reading every morning and evening.
    private static readonly VitalReading[] FourDaysOfFever =
    [
        Temp(39.0, Local(2025, 11, 24, 20, 0)),
        Temp(39.2, Local(2025, 11, 25, 8, 0)),
        Temp(38.9, Local(2025, 11, 25, 20, 0)),
        Temp(38.7, Local(2025, 11, 26, 8, 0)),
        Temp(39.1, Local(2025, 11, 26, 20, 0)),
        Temp(38.8, Local(2025, 11, 27, 8, 0)),
    ];

    private static IReadOnlyList<AlarmDecision> Persistent(IEnumerable<AlarmDecision> decisions) =>
        [.. decisions.Where(decision => decision.Kind == AlarmKind.FeverPersistent)];

    private static RuleRunner Feed(IEnumerable<VitalReading> readings)
    {
        var runner = new RuleRunner();
        foreach (var reading in readings)
        {
            runner.Feed(reading);
        }

        return runner;
    }

    [Fact]
    public void RaisesOnlyOnceMoreThan72HoursHavePassed()
    {
        var runner = Feed(FourDaysOfFever);

        // Thursday 20:00 is exactly 72 h after the first fever reading: not "more than".
        Assert.Empty(Persistent(runner.Feed(Temp(39.0, Local(2025, 11, 27, 20, 0)))));
        var raise = Assert.IsType<Raise>(Assert.Single(Persistent(runner.Feed(Temp(38.9, Local(2025, 11, 27, 20, 1))))));

        Assert.Equal(AlarmPriority.High, raise.Priority);
        Assert.Equal(38.9, raise.Value);
        Assert.Equal(38.5, raise.Threshold);
        Assert.Equal(Local(2025, 11, 27, 20, 1), raise.ObservedAt);
        Assert.Contains("since 2025-11-24 20:00 +08:00", raise.Detail, StringComparison.Ordinal);
        Assert.Single(Persistent(runner.All));
    }

    [Fact]
    public void FeverAfterTheRaiseUpdatesTheOpenAlarm()
    {
        var runner = Feed([.. FourDaysOfFever, Temp(38.9, Local(2025, 11, 27, 20, 1))]);

        var update = Assert.IsType<Update>(Assert.Single(Persistent(runner.Feed(Temp(39.5, Local(2025, 11, 28, 8, 0))))));

        Assert.Equal(39.5, update.Value);
    }

    // Antipyretics make single normal readings common: a day with one fever reading is still a fever day.
    [Fact]
    public void NormalReadingInADayWithAFeverReadingDoesNotEndTheEpisode()
    {
        var runner = Feed(
        [
            Temp(39.0, Local(2025, 11, 24, 20, 0)),
            Temp(37.2, Local(2025, 11, 25, 8, 0)),
            Temp(38.9, Local(2025, 11, 25, 20, 0)),
            Temp(37.0, Local(2025, 11, 26, 8, 0)),
            Temp(39.1, Local(2025, 11, 26, 20, 0)),
            Temp(38.8, Local(2025, 11, 27, 8, 0)),
        ]);

        Assert.Single(Persistent(runner.Feed(Temp(38.9, Local(2025, 11, 27, 20, 1)))));
    }

    [Fact]
    public void WholeNormalDayEndsTheEpisodeAndTheNextFeverStartsANewOne()
    {
        var runner = Feed(
        [
            Temp(39.0, Local(2025, 11, 24, 20, 0)),
            Temp(37.0, Local(2025, 11, 25, 8, 0)),
            Temp(38.5, Local(2025, 11, 25, 20, 0)), // at, not above, the threshold: Tuesday is all normal
            Temp(38.8, Local(2025, 11, 26, 8, 0)),
            Temp(39.1, Local(2025, 11, 26, 20, 0)),
            Temp(38.8, Local(2025, 11, 27, 8, 0)),
            Temp(38.9, Local(2025, 11, 27, 20, 1)),
            Temp(39.0, Local(2025, 11, 28, 20, 0)),
            Temp(39.0, Local(2025, 11, 29, 8, 0)),
        ]);
        Assert.Empty(Persistent(runner.All));

        var raise = Assert.IsType<Raise>(Assert.Single(Persistent(runner.Feed(Temp(39.0, Local(2025, 11, 29, 8, 1))))));
        Assert.Contains("since 2025-11-26 08:00", raise.Detail, StringComparison.Ordinal);
    }

    // Our choice: a day without any temperature reading is not evidence of recovery (the
    // temperature_check_missed reminder covers it), so it does not end the episode by itself.
    [Fact]
    public void DayWithoutReadingsDoesNotEndTheEpisode()
    {
        var runner = Feed(
        [
            Temp(39.0, Local(2025, 11, 24, 20, 0)),
            Temp(39.1, Local(2025, 11, 26, 8, 0)),
            Temp(38.8, Local(2025, 11, 27, 8, 0)),
        ]);

        Assert.Single(Persistent(runner.Feed(Temp(38.9, Local(2025, 11, 27, 20, 1)))));
    }

    // Tuesday's only fever reading is taken at 15:59 UTC (23:59 Tuesday in Shanghai) or at 16:00 UTC
    // (00:00 Wednesday in Shanghai). Both are "Tuesday" in UTC; only the clinic's calendar tells them apart.
    [Theory]
    [InlineData(15, 59, true)]
    [InlineData(16, 0, false)]
    public void DayBoundaryIsTheClinicsLocalMidnightNotUtc(int utcHour, int utcMinute, bool raises)
    {
        var runner = Feed(
        [
            Temp(39.0, Local(2025, 11, 24, 20, 0)),
            Temp(37.0, Local(2025, 11, 25, 8, 0)),
            Temp(39.0, Utc(2025, 11, 25, utcHour, utcMinute)),
            Temp(38.7, Local(2025, 11, 26, 8, 0)),
            Temp(38.8, Local(2025, 11, 27, 8, 0)),
        ]);

        var decisions = Persistent(runner.Feed(Temp(38.9, Local(2025, 11, 27, 20, 1))));

        Assert.Equal(raises, decisions.OfType<Raise>().Any());
        var tuesday = Assert.Single(runner.State.PersistentFever.Days, day => day.Date == new DateOnly(2025, 11, 25));
        Assert.Equal(raises, tuesday.HasFever);
    }

    [Fact]
    public void WholeNormalDayClearsTheConditionAtTheLocalMidnightThatEndsIt()
    {
        var runner = Feed([.. FourDaysOfFever, Temp(38.9, Local(2025, 11, 27, 20, 1))]);

        // Friday is all normal, but Friday is not over while its readings come in.
        Assert.Empty(Persistent(runner.Feed(Temp(37.0, Local(2025, 11, 28, 8, 0)))));
        Assert.Empty(Persistent(runner.Feed(Temp(37.1, Local(2025, 11, 28, 20, 0)))));
        var cleared = Assert.Single(Persistent(runner.Feed(Temp(37.0, Local(2025, 11, 29, 8, 0)))));

        Assert.Equal(new ConditionCleared(AlarmKind.FeverPersistent, Utc(2025, 11, 28, 16, 0)), cleared);
    }

    // Wednesday's readings come in normal; Tuesday's fever reading, held back by the device, arrives on
    // Thursday night. It lands on Tuesday, which makes the Monday episode last more than 72 h.
    [Fact]
    public void BacklogReadingLandsInItsOwnDay()
    {
        var runner = Feed(
        [
            Temp(39.0, Local(2025, 11, 24, 20, 0)),
            Temp(38.9, Local(2025, 11, 26, 8, 0)),
            Temp(38.8, Local(2025, 11, 27, 20, 1)),
        ]);
        Assert.Single(Persistent(runner.All)); // Tuesday had no reading: the episode goes on

        var other = Feed(
        [
            Temp(39.0, Local(2025, 11, 24, 20, 0)),
            Temp(37.0, Local(2025, 11, 25, 8, 0)),
            Temp(38.9, Local(2025, 11, 26, 8, 0)),
            Temp(38.8, Local(2025, 11, 27, 20, 1)),
        ]);
        Assert.Empty(Persistent(other.All)); // Tuesday all normal: a new episode from Wednesday

        var arrivedAt = Local(2025, 11, 27, 21, 0);
        var raise = Assert.IsType<Raise>(Assert.Single(Persistent(other.Feed(Temp(39.3, Local(2025, 11, 25, 14, 0)), arrivedAt))));

        Assert.Equal(Local(2025, 11, 25, 14, 0), raise.ObservedAt);
        Assert.True(raise.Late);
        Assert.Contains("since 2025-11-24 20:00", raise.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadingsInReverseOrderRaiseExactlyOnce()
    {
        var readings = FourDaysOfFever.Append(Temp(38.9, Local(2025, 11, 27, 20, 1))).Reverse().ToList();
        var arrivedAt = Local(2025, 11, 27, 21, 0);
        var runner = new RuleRunner();

        foreach (var reading in readings)
        {
            runner.Feed(reading, arrivedAt);
        }

        var raise = Assert.IsType<Raise>(Assert.Single(Persistent(runner.All)));
        Assert.Equal(Local(2025, 11, 24, 20, 0), raise.ObservedAt); // the reading that completed the picture
        Assert.DoesNotContain(Persistent(runner.All), decision => decision is ConditionCleared);
    }

    // Ten days of fever: the days before the kept window are folded into the carried episode, which keeps its start.
    [Fact]
    public void EpisodeLongerThanTheKeptWindowKeepsItsStart()
    {
        var runner = new RuleRunner();
        var start = Local(2025, 11, 24, 8, 0);
        for (var day = 0; day < 10; day++)
        {
            runner.Feed(Temp(39.0, start.AddDays(day)));
        }

        var persistent = Persistent(runner.All);
        Assert.IsType<Raise>(persistent[0]);
        Assert.All(persistent.Skip(1), decision => Assert.IsType<Update>(decision));
        Assert.Equal(start, runner.State.PersistentFever.Carried?.Start);
        Assert.True(runner.State.PersistentFever.Days.Count <= 8);
        Assert.Equal(start, runner.State.PersistentFever.ReportedEpisodeStart);
    }

    [Fact]
    public void ReadingOlderThanTheKeptWindowIsIgnoredByThisRule()
    {
        var runner = Feed([Temp(37.0, Local(2025, 12, 10, 8, 0))]);

        Assert.Empty(Persistent(runner.Feed(Temp(39.0, Local(2025, 11, 24, 8, 0)), Local(2025, 12, 10, 9, 0))));
        Assert.Single(runner.State.PersistentFever.Days);
    }
}
