using System.Globalization;
using System.Net;
using Monitoring.Hub.Tests.Infrastructure;
using Monitoring.Hub.Tests.Realtime;

namespace Monitoring.Hub.Tests.FollowUps;

/// <summary>
/// 003 居家治疗指南 四: when symptoms improved, the antigen self-test is negative and two PCR tests more than
/// 24 h apart have Ct &gt; 35, the clinician is told once (end_criteria_met, low) over the alarm path.
/// </summary>
public sealed class EndOfTreatmentNoticeTests(FollowUpFixture hub) : IClassFixture<FollowUpFixture>
{
    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private async Task TestAsync(Guid patient, string kind, DateTimeOffset takenAt, string result, decimal? ct = null)
    {
        using var response = await (await hub.AdminAsync()).PostJsonAsync($"/api/patients/{patient}/tests", new { kind, takenAt = Iso(takenAt), result, ct });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"recording a test answered {(int)response.StatusCode}: {await response.ReadJsonAsync()}");
    }

    private async Task SymptomsImprovedAsync(Guid patient)
    {
        using var response = await (await hub.AdminAsync()).PostJsonAsync($"/api/patients/{patient}/episodes/current/symptoms", new { improved = true });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<bool> OnWorklistAsMetAsync(Guid clinic, Guid patient) =>
        (await (await hub.AdminAsync()).GetJsonAsync($"/api/worklist?clinicId={clinic}")).EnumerateArray()
        .Single(e => e.GetProperty("patientId").GetGuid() == patient).GetProperty("endCriteriaMet").GetBoolean();

    [Fact]
    public async Task MetCriteriaAreToldOncePushedWithdrawnWhenUndoneToldAgainAndClearedWhenTheEpisodeEnds()
    {
        var clinic = await hub.CreateClinicAsync(timeZone: "Asia/Shanghai");
        var patient = await hub.PatientAsync(clinic, "yellow");
        var bystander = await hub.PatientAsync(clinic, "yellow");
        await hub.StartEpisodeAsync(patient);
        await hub.StartEpisodeAsync(bystander);
        var start = hub.Now;
        hub.Clock.Advance(TimeSpan.FromDays(3));

        await TestAsync(patient, "pcr", start.AddHours(12), "negative", 36.5m);
        await TestAsync(patient, "pcr", start.AddHours(40), "negative", 38m); // 28 h later
        await TestAsync(patient, "antigen", start.AddHours(41), "negative");
        Assert.Equal(0, await hub.SweepEndOfTreatmentAsync()); // symptoms not yet judged improved
        Assert.False(await OnWorklistAsMetAsync(clinic, patient));

        var nurse = await hub.CreateNurseAsync(clinic);
        await using var wall = await SignalRTestClient.ConnectAsync(hub.Factory, RealtimeFixture.TokenOf(nurse.Client), nurse.Username);
        await wall.WaitForAsync("snapshot");
        await SymptomsImprovedAsync(patient);
        Assert.True(await OnWorklistAsMetAsync(clinic, patient));
        Assert.Equal(1, await hub.SweepEndOfTreatmentAsync());
        Assert.Equal(0, await hub.SweepEndOfTreatmentAsync());

        var pushed = await wall.WaitForAsync("alarmRaised", a => a.GetProperty("patientId").GetGuid() == patient);
        Assert.Equal(("end_criteria_met", "low", "active"),
            (pushed.GetProperty("kind").GetString(), pushed.GetProperty("priority").GetString(), pushed.GetProperty("state").GetString()));
        var first = pushed.GetProperty("id").GetGuid();
        Assert.Equal(first, Assert.Single(await hub.AlarmsAsync(patient, "end_criteria_met")).GetProperty("id").GetGuid());
        Assert.Empty(await hub.AlarmsAsync(bystander, "end_criteria_met"));

        // A positive antigen self-test undoes the criteria: the notice is withdrawn by the system ...
        await TestAsync(patient, "antigen", start.AddHours(60), "positive");
        Assert.Equal(0, await hub.SweepEndOfTreatmentAsync());
        var withdrawn = Assert.Single(await hub.AlarmsAsync(patient, "end_criteria_met"));
        Assert.Equal(("resolved", "system"), (withdrawn.GetProperty("state").GetString(), withdrawn.GetProperty("resolvedBy").GetString()));
        Assert.Empty(await hub.RemindersAsync(patient, "end_criteria_met"));

        // ... and meeting them again (a later negative self-test) is told again, once.
        await TestAsync(patient, "antigen", start.AddHours(70), "negative");
        Assert.Equal(1, await hub.SweepEndOfTreatmentAsync());
        Assert.Equal(0, await hub.SweepEndOfTreatmentAsync());
        var again = await hub.AlarmsAsync(patient, "end_criteria_met");
        Assert.Equal(2, again.Count);
        // Both were raised at the same fake instant, so "newest first" does not order them: pick by id.
        var second = again.Single(a => a.GetProperty("id").GetGuid() != first);
        Assert.Equal("active", second.GetProperty("state").GetString());

        // Ending home treatment (the clinician's decision) clears the notice; nothing more is raised.
        await hub.EndEpisodeAsync(patient);
        Assert.Equal(0, await hub.SweepEndOfTreatmentAsync());
        var cleared = (await hub.AlarmsAsync(patient, "end_criteria_met")).Single(a => a.GetProperty("id").GetGuid() == second.GetProperty("id").GetGuid());
        Assert.Equal(("resolved", "system", "Home treatment ended."),
            (cleared.GetProperty("state").GetString(), cleared.GetProperty("resolvedBy").GetString(), cleared.GetProperty("resolutionNote").GetString()));
        var changed = await wall.WaitForAsync("alarmChanged", a => a.GetProperty("id").GetGuid() == cleared.GetProperty("id").GetGuid()
            && a.GetProperty("state").GetString() == "resolved");
        Assert.Equal("system", changed.GetProperty("resolvedBy").GetString());
        Assert.Equal(0, await hub.SweepEndOfTreatmentAsync());
        Assert.Equal(2, (await hub.AlarmsAsync(patient, "end_criteria_met")).Count);
    }
}
