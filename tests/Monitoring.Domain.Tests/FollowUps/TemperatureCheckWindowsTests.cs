using Monitoring.Domain.FollowUps;
using Monitoring.Domain.Thresholds;

namespace Monitoring.Domain.Tests.FollowUps;

/// <summary>003 居家治疗指南 三(二)1: morning 06:00-10:00 and evening 18:00-22:00, clinic local time.</summary>
public sealed class TemperatureCheckWindowsTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private static readonly AlarmThresholds T = AlarmThresholds.Default;

    private static IReadOnlyList<CheckWindow> Closed(DateTimeOffset now, TimeZoneInfo zone) =>
        TemperatureCheckWindows.ClosedWithin(now, TimeSpan.FromHours(24), zone, T.MorningCheckWindow, T.EveningCheckWindow);

    [Fact]
    public void MorningWindowClosesAtTenLocal()
    {
        // 10:00 Shanghai = 02:00 UTC.
        var before = Closed(new DateTimeOffset(2026, 11, 23, 1, 59, 0, TimeSpan.Zero), Shanghai);
        var after = Closed(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero), Shanghai);
        Assert.DoesNotContain(before, w => w.Key == "2026-11-23/morning");
        var morning = Assert.Single(after, w => w.Key == "2026-11-23/morning");
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 22, 0, 0, TimeSpan.Zero), morning.Start);
    }

    [Fact]
    public void SameInstantClosesDifferentWindowsInLondonAndShanghai()
    {
        // 2026-11-23 10:30 UTC: 18:30 in Shanghai (today's morning closed, evening open), 10:30 in London (morning just closed).
        var now = new DateTimeOffset(2026, 11, 23, 10, 30, 0, TimeSpan.Zero);
        Assert.Equal(["2026-11-22/evening", "2026-11-23/morning"], Closed(now, Shanghai).Select(w => w.Key));
        Assert.Equal(["2026-11-22/evening", "2026-11-23/morning"], Closed(now, London).Select(w => w.Key));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero), Closed(now, London)[^1].End);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero), Closed(now, Shanghai)[^1].End);
    }

    [Fact]
    public void LookbackBoundsTheCatchUpAfterAnOutage()
    {
        var now = new DateTimeOffset(2026, 11, 30, 3, 0, 0, TimeSpan.Zero);
        Assert.Equal(2, Closed(now, Shanghai).Count);
    }

    [Fact]
    public void MissedOnlyWhenMonitoredForTheWholeWindowWithoutReading()
    {
        var window = TemperatureCheckWindows.On(new DateOnly(2026, 11, 23), CheckWindowPeriod.Evening, T.EveningCheckWindow, London);
        Assert.True(TemperatureCheckWindows.Missed(window, window.Start, hadReading: false, window.End));
        Assert.False(TemperatureCheckWindows.Missed(window, window.Start, hadReading: true, window.End));
        Assert.False(TemperatureCheckWindows.Missed(window, window.Start.AddMinutes(1), hadReading: false, window.End));
        Assert.False(TemperatureCheckWindows.Missed(window, window.Start, hadReading: false, window.End.AddTicks(-1)));
    }
}
