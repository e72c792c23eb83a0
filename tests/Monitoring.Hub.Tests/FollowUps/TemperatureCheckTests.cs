namespace Monitoring.Hub.Tests.FollowUps;

/// <summary>Morning 06:00-10:00 and evening 18:00-22:00 checks in each clinic's own time zone (003 三(二)1).</summary>
public sealed class TemperatureCheckTests(FollowUpFixture hub) : IClassFixture<FollowUpFixture>
{
    [Fact]
    public async Task WindowsCloseInEachClinicsZoneAndAReadingInTheWindowSatisfiesIt()
    {
        // Monday 01:00 UTC: 09:00 in Shanghai (inside its morning window), 01:00 in London (GMT in winter, BST in summer).
        var start = hub.AdvanceToNext(DayOfWeek.Monday, new TimeOnly(1, 0), TimeZoneInfo.Utc);
        var london = await hub.CreateClinicAsync(timeZone: "Europe/London");
        var shanghai = await hub.CreateClinicAsync(timeZone: "Asia/Shanghai");
        var londoner = await hub.PatientAsync(london);
        var shanghainese = await hub.PatientAsync(shanghai);
        await hub.StartEpisodeAsync(londoner);
        await hub.StartEpisodeAsync(shanghainese);
        var londonMorningEnd = Monitoring.Domain.FollowUps.ClinicWeek.LocalInstant(
            hub.LocalToday(FollowUpFixture.London), new TimeOnly(10, 0), FollowUpFixture.London);
        var day = hub.LocalToday(FollowUpFixture.London).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        // Shanghai's morning window closed at 02:00 UTC but home treatment started inside it: not held to it.
        hub.AdvanceTo(londonMorningEnd.AddMinutes(-1));
        Assert.Equal(0, await hub.SweepTemperatureAsync());
        hub.AdvanceTo(londonMorningEnd);
        Assert.Equal(1, await hub.SweepTemperatureAsync());
        Assert.Equal([$"{day}/morning"], await hub.RemindersAsync(londoner, "temperature_check_missed"));
        Assert.Empty(await hub.RemindersAsync(shanghainese, "temperature_check_missed"));

        // Shanghai evening (10:00-14:00 UTC): measured at 19:00 local, so nothing; London evening missed.
        hub.Temperatures.Add(shanghai, shanghainese, start.AddHours(10)); // 19:00 Shanghai
        hub.AdvanceTo(start.AddHours(22)); // 23:00 UTC: Shanghai 07:00 next day, London evening closed
        Assert.Equal(1, await hub.SweepTemperatureAsync());
        Assert.Empty(await hub.RemindersAsync(shanghainese, "temperature_check_missed"));
        Assert.Equal([$"{day}/evening", $"{day}/morning"], await hub.RemindersAsync(londoner, "temperature_check_missed"));

        // Shanghai's next morning closes at 02:00 UTC with no reading: reminded once, however often swept.
        hub.AdvanceTo(start.AddHours(25));
        Assert.Equal(1, await hub.SweepTemperatureAsync());
        Assert.Equal(0, await hub.SweepTemperatureAsync());
        var tomorrow = hub.LocalToday(FollowUpFixture.Shanghai).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal([$"{tomorrow}/morning"], await hub.RemindersAsync(shanghainese, "temperature_check_missed"));
        Assert.Equal(1, await hub.AlarmCountAsync(shanghainese, "temperature_check_missed"));
        // London's two misses repeat one open low-priority alarm rather than stacking two.
        Assert.Equal(1, await hub.AlarmCountAsync(londoner, "temperature_check_missed"));
    }
}
