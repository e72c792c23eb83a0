using Monitoring.Domain.FollowUps;
using static Monitoring.Domain.Tests.Dates;

namespace Monitoring.Domain.Tests.FollowUps;

/// <summary>001_c1a4964215f4f1e9.txt, 二(二)2(1): 每3天随访一次, clinic-local days.</summary>
public sealed class FollowUpPolicyTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    [Fact]
    public void FirstFollowUpIsOnTheStartDay() =>
        Assert.Equal(D("2026-11-02"), FollowUpPolicy.FirstDue(D("2026-11-02"), D("2026-11-02"), 3));

    [Theory]
    [InlineData("2026-11-03", "2026-11-05")]
    [InlineData("2026-11-05", "2026-11-05")]
    [InlineData("2026-11-06", "2026-11-08")]
    public void BackdatedStartKeepsTheDayZeroGridFromToday(string today, string expected) =>
        Assert.Equal(D(expected), FollowUpPolicy.FirstDue(D("2026-11-02"), D(today), 3));

    [Fact]
    public void NextFollowUpIsCompletionDayPlusInterval()
    {
        Assert.Equal(D("2026-11-05"), FollowUpPolicy.NextDue(D("2026-11-02"), 3));
        Assert.Equal(D("2026-11-03"), FollowUpPolicy.NextDue(D("2026-11-02"), 1));
    }

    [Fact]
    public void IntensifyingPullsTheOpenFollowUpInButNeverIntoThePast()
    {
        Assert.Equal(D("2026-11-03"), FollowUpPolicy.Rescheduled(D("2026-11-05"), D("2026-11-02"), D("2026-11-02"), 1));
        Assert.Equal(D("2026-11-04"), FollowUpPolicy.Rescheduled(D("2026-11-05"), D("2026-11-02"), D("2026-11-04"), 1));
        Assert.Equal(D("2026-11-05"), FollowUpPolicy.Rescheduled(D("2026-11-05"), D("2026-11-02"), D("2026-11-02"), 7));
    }

    [Fact]
    public void FollowUpIsOverdueOnlyAfterItsClinicLocalDayEnds()
    {
        // 2026-11-05 ends at 16:00 UTC in Shanghai (UTC+8).
        Assert.False(FollowUpPolicy.IsOverdue(D("2026-11-05"), new DateTimeOffset(2026, 11, 5, 15, 59, 59, TimeSpan.Zero), Shanghai));
        Assert.True(FollowUpPolicy.IsOverdue(D("2026-11-05"), new DateTimeOffset(2026, 11, 5, 16, 0, 0, TimeSpan.Zero), Shanghai));
        // The same instant is still 2026-11-05 in London.
        Assert.False(FollowUpPolicy.IsOverdue(D("2026-11-05"), new DateTimeOffset(2026, 11, 5, 16, 0, 0, TimeSpan.Zero), London));
        Assert.Equal(2, FollowUpPolicy.DaysOverdue(D("2026-11-05"), new DateTimeOffset(2026, 11, 7, 15, 0, 0, TimeSpan.Zero), Shanghai));
    }

    [Fact]
    public void EndOfDueDayIsTheNextLocalMidnight() =>
        Assert.Equal(new DateTimeOffset(2026, 11, 5, 16, 0, 0, TimeSpan.Zero), FollowUpPolicy.EndOfDay(D("2026-11-05"), Shanghai));
}
