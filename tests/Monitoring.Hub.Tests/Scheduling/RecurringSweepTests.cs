using Monitoring.Hub.FollowUps;
using Monitoring.Hub.Scheduling;

namespace Monitoring.Hub.Tests.Scheduling;

/// <summary>The declared schedule: one recurring job per sweep, each run by the generic job for that sweep.</summary>
public sealed class RecurringSweepTests
{
    [Fact]
    public void EverySweepIsDeclaredOnceWithItsOwnIdJobClassAndConfiguredCron()
    {
        var options = new SchedulingOptions { FollowUpOverdueCron = "*/3 * * * *", DailyReportCron = "0,30 * * * *" };
        var sweeps = RecurringSweep.Declare(options);

        Assert.Equal(7, sweeps.Count);
        Assert.Equal(sweeps.Count, sweeps.Select(s => s.Id).Distinct().Count());
        Assert.All(sweeps, s =>
        {
            Assert.True(s.JobType.IsGenericType && s.JobType.GetGenericTypeDefinition() == typeof(SweepJob<>), s.Id);
            var sweepType = s.JobType.GetGenericArguments()[0];
            Assert.Equal(s.Id, sweepType.GetProperty(nameof(FollowUpOverdueSweep.JobId))!.GetValue(null));
        });
        Assert.Equal(
            ["booster-due", "contact-cadence", "daily-report", "end-of-treatment", "followup-overdue", "referral-stalled", "temperature-check"],
            sweeps.Select(s => s.Id).Order());
        Assert.Equal("*/3 * * * *", sweeps.Single(s => s.Id == FollowUpOverdueSweep.JobId).Cron);
        Assert.Equal("0,30 * * * *", sweeps.Single(s => s.Id == "daily-report").Cron);
        Assert.Equal(new SchedulingOptions().BoosterDueCron, sweeps.Single(s => s.Id == BoosterDueSweep.JobId).Cron);
    }

    [Fact]
    public void TheDefaultDailyReportCronFiresAtSixOClockLocalInEveryClinicZone()
    {
        // Every quarter hour in UTC is a quarter hour in each zone, as long as every zone's offset is whole
        // quarter hours: checked over every zone this machine knows, across a year of offset changes.
        Assert.Equal("*/15 * * * *", new SchedulingOptions().DailyReportCron);
        var year = Enumerable.Range(0, 365).Select(d => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(d)).ToList();
        var off = TimeZoneInfo.GetSystemTimeZones()
            .Where(zone => year.Any(day => zone.GetUtcOffset(day).Ticks % TimeSpan.FromMinutes(15).Ticks != 0))
            .Select(zone => zone.Id).ToList();
        Assert.Empty(off);
    }
}
