using System.Globalization;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.FollowUps;

/// <summary>Follow-ups every 3 days from the start of home treatment (001 二(二)2(1)), in fake time.</summary>
public sealed class FollowUpScheduleTests(FollowUpFixture hub) : IClassFixture<FollowUpFixture>
{
    private static DateOnly Due(System.Text.Json.JsonElement followUp) =>
        DateOnly.ParseExact(followUp.GetProperty("dueOn").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task TenDayEpisodeFollowsUpOnDays0369ThenSkippedOneIsOverdueOnceAndNothingAfterTheEnd()
    {
        hub.AdvanceToNext(DayOfWeek.Monday, new TimeOnly(9, 0), FollowUpFixture.Shanghai);
        var clinic = await hub.CreateClinicAsync(timeZone: "Asia/Shanghai");
        var patient = await hub.PatientAsync(clinic);
        await hub.StartEpisodeAsync(patient);
        var day0 = hub.LocalToday(FollowUpFixture.Shanghai);

        var completedOn = new List<int>();
        for (var day = 0; day <= 9; day++)
        {
            var open = (await hub.OpenFollowUpAsync(patient))!.Value;
            if (Due(open) == hub.LocalToday(FollowUpFixture.Shanghai))
            {
                Assert.Equal("due", open.GetProperty("status").GetString());
                var done = await hub.CompleteAsync(open.GetProperty("id").GetGuid());
                Assert.Equal("done", done.GetProperty("status").GetString());
                completedOn.Add(day);
                Assert.Equal(day0.AddDays(day + 3), Due((await hub.OpenFollowUpAsync(patient))!.Value));
            }

            hub.Clock.Advance(TimeSpan.FromDays(1));
            Assert.Equal(0, await hub.SweepOverdueAsync());
        }

        Assert.Equal([0, 3, 6, 9], completedOn);
        Assert.Equal(4, await hub.CountAsync("SELECT count(*) FROM contacts WHERE patient_id = @p AND source = 'followup'", ("p", patient)));

        // Day 10 now; the day-12 follow-up is skipped: overdue once its day has ended in Shanghai.
        hub.AdvanceTo(Monitoring.Domain.FollowUps.ClinicWeek.LocalInstant(day0.AddDays(12), new TimeOnly(23, 59), FollowUpFixture.Shanghai));
        Assert.Equal(0, await hub.SweepOverdueAsync());
        hub.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await hub.SweepOverdueAsync());
        Assert.Equal(0, await hub.SweepOverdueAsync());
        Assert.Equal(1, await hub.AlarmCountAsync(patient, "followup_overdue"));
        var alarm = (await (await hub.AdminAsync()).GetJsonAsync($"/api/alarms?patientId={patient}")).EnumerateArray()
            .Single(a => a.GetProperty("kind").GetString() == "followup_overdue");
        Assert.Equal("medium", alarm.GetProperty("priority").GetString());

        var overdue = (await hub.OpenFollowUpAsync(patient))!.Value;
        Assert.Equal("overdue", overdue.GetProperty("status").GetString());
        Assert.Equal(1, overdue.GetProperty("daysOverdue").GetInt32());
        var listed = await (await hub.AdminAsync()).GetJsonAsync($"/api/followups?status=overdue&clinicId={clinic}");
        Assert.Contains(listed.EnumerateArray(), f => f.GetProperty("patientId").GetGuid() == patient);

        // Ending home treatment cancels the open follow-up: no reminder afterwards.
        await hub.EndEpisodeAsync(patient);
        Assert.Null(await hub.OpenFollowUpAsync(patient));
        hub.Clock.Advance(TimeSpan.FromDays(5));
        Assert.Equal(0, await hub.SweepOverdueAsync());
        Assert.Equal(1, await hub.AlarmCountAsync(patient, "followup_overdue"));
        Assert.Equal(1, await hub.CountAsync("SELECT count(*) FROM followups WHERE patient_id = @p AND status = 'cancelled'", ("p", patient)));
    }
}
