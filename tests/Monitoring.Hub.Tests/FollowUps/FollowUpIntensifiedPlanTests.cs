using System.Globalization;
using System.Net;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.FollowUps;

// Its own class, so its own database: the overdue sweep counts every clinic's follow-ups, and a
// neighbour test's open follow-up would otherwise change the totals depending on test order.
public sealed class FollowUpIntensifiedPlanTests(FollowUpFixture hub) : IClassFixture<FollowUpFixture>
{
    private static DateOnly Due(System.Text.Json.JsonElement followUp) =>
        DateOnly.ParseExact(followUp.GetProperty("dueOn").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task IntensifiedDailyPlanSchedulesEveryDayAndPullsTheOpenFollowUpIn()
    {
        hub.AdvanceToNext(DayOfWeek.Tuesday, new TimeOnly(9, 0), FollowUpFixture.Shanghai);
        var clinic = await hub.CreateClinicAsync(timeZone: "Asia/Shanghai");
        var patient = await hub.PatientAsync(clinic);
        await hub.StartEpisodeAsync(patient);
        var day0 = hub.LocalToday(FollowUpFixture.Shanghai);
        await hub.CompleteAsync((await hub.OpenFollowUpAsync(patient))!.Value.GetProperty("id").GetGuid());
        Assert.Equal(day0.AddDays(3), Due((await hub.OpenFollowUpAsync(patient))!.Value));

        var doctor = await hub.CreateDoctorAsync(clinic);
        using (var response = await doctor.Client.PutJsonAsync($"/api/patients/{patient}/followup-plan", new { intervalDays = 1 }))
        {
            var plan = await response.ReadJsonAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, plan.ToString());
            Assert.Equal(1, plan.GetProperty("intervalDays").GetInt32());
            Assert.Equal(day0.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), plan.GetProperty("nextDueOn").GetString());
        }

        for (var day = 1; day <= 3; day++)
        {
            hub.Clock.Advance(TimeSpan.FromDays(1));
            Assert.Equal(0, await hub.SweepOverdueAsync());
            var open = (await hub.OpenFollowUpAsync(patient))!.Value;
            Assert.Equal(day0.AddDays(day), Due(open));
            await hub.CompleteAsync(open.GetProperty("id").GetGuid(), "video");
        }

        // Day 4 not done: overdue on day 5.
        hub.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, await hub.SweepOverdueAsync());
        Assert.Equal(1, await hub.AlarmCountAsync(patient, "followup_overdue"));
        var audit = await hub.AuditAsync("patient", patient.ToString());
        Assert.Contains(audit, a => a.Action == "followup_plan.changed" && a.ActorUsername == doctor.Username);
    }
}
