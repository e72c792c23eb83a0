using Monitoring.Domain.FollowUps;
using Monitoring.Domain.Risk;
using Monitoring.Domain.Thresholds;

namespace Monitoring.Domain.Tests.FollowUps;

/// <summary>ISO weeks in the clinic's zone (Monday 00:00 local) and the cadence of 004_306304aaac2aa708.txt, 8.</summary>
public sealed class ClinicWeekTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    [Fact]
    public void ShanghaiWeekStartsMondayMidnightLocal()
    {
        // Sunday 2026-11-22 23:30 Shanghai = 15:30 UTC: still week 47.
        var sunday = ClinicWeek.Containing(new DateTimeOffset(2026, 11, 22, 15, 30, 0, TimeSpan.Zero), Shanghai);
        Assert.Equal("2026-W47", sunday.Key);
        Assert.Equal(new DateTimeOffset(2026, 11, 15, 16, 0, 0, TimeSpan.Zero), sunday.Start);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 16, 0, 0, TimeSpan.Zero), sunday.End);

        // Monday 00:00 Shanghai = Sunday 16:00 UTC: week 48, although it is Sunday in UTC.
        var monday = ClinicWeek.Containing(new DateTimeOffset(2026, 11, 22, 16, 0, 0, TimeSpan.Zero), Shanghai);
        Assert.Equal("2026-W48", monday.Key);
        Assert.Equal(sunday, ClinicWeek.LastEnded(new DateTimeOffset(2026, 11, 22, 16, 0, 0, TimeSpan.Zero), Shanghai));
    }

    [Fact]
    public void IsoWeekYearFollowsThursday()
    {
        // 2026-12-31 is a Thursday: week 53 of 2026; 2027-01-04 (Monday) starts 2027-W01.
        Assert.Equal("2026-W53", ClinicWeek.Containing(new DateTimeOffset(2027, 1, 1, 12, 0, 0, TimeSpan.Zero), London).Key);
        Assert.Equal("2027-W01", ClinicWeek.Containing(new DateTimeOffset(2027, 1, 4, 0, 0, 0, TimeSpan.Zero), London).Key);
    }

    [Fact]
    public void LondonWeekAcrossTheClockChangeIsOneHourLonger()
    {
        // Clocks go back on Sunday 2026-10-25.
        var week = ClinicWeek.Containing(new DateTimeOffset(2026, 10, 21, 12, 0, 0, TimeSpan.Zero), London);
        Assert.Equal(new DateTimeOffset(2026, 10, 18, 23, 0, 0, TimeSpan.Zero), week.Start);
        Assert.Equal(new DateTimeOffset(2026, 10, 26, 0, 0, 0, TimeSpan.Zero), week.End);
        Assert.Equal(TimeSpan.FromHours(169), week.End - week.Start);
    }

    [Theory]
    [InlineData(RiskTier.Green, 0, 0, false)]
    [InlineData(RiskTier.Yellow, 1, 2, true)]
    [InlineData(RiskTier.Yellow, 2, 2, false)]
    [InlineData(RiskTier.Red, 2, 3, true)]
    [InlineData(RiskTier.Red, 3, 3, false)]
    public void CadenceRequiresTwoForYellowAndThreeForRed(RiskTier tier, int contacts, int required, bool behind)
    {
        var week = ClinicWeek.Containing(new DateTimeOffset(2026, 11, 18, 0, 0, 0, TimeSpan.Zero), Shanghai);
        var status = ContactCadence.Status(week, tier, contacts, AlarmThresholds.Default);
        Assert.Equal(required, status.Required);
        Assert.Equal(behind, status.Behind);
        Assert.Equal(behind, ContactCadence.Missed(week, week.Start, status, week.End));
    }

    [Fact]
    public void WeekIsNotMissedBeforeItEndsNorForAPatientRegisteredDuringIt()
    {
        var week = ClinicWeek.Containing(new DateTimeOffset(2026, 11, 18, 0, 0, 0, TimeSpan.Zero), Shanghai);
        var status = ContactCadence.Status(week, RiskTier.Red, 0, AlarmThresholds.Default);
        Assert.False(ContactCadence.Missed(week, week.Start, status, week.End.AddTicks(-1)));
        Assert.False(ContactCadence.Missed(week, week.Start.AddHours(1), status, week.End));
    }
}
