using System.Globalization;
using System.Net;
using System.Text.Json;
using Monitoring.Domain.FollowUps;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.FollowUps;

/// <summary>000: the second booster for eligible groups 6 months or more after the first; reminded once.</summary>
public sealed class BoosterDueTests(FollowUpFixture hub) : IClassFixture<FollowUpFixture>
{
    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<Guid> PatientAsync(Guid clinic, DateOnly birthDate, params string[] categories)
    {
        var body = await HubFixture.CreatePatientAsync(await hub.AdminAsync(), clinic,
            new Dictionary<string, object?> { ["birthDate"] = Day(birthDate), ["categories"] = categories });
        return body.GetProperty("id").GetGuid();
    }

    private async Task<JsonElement?> WorklistEntryAsync(Guid clinic, Guid patient) =>
        (await (await hub.AdminAsync()).GetJsonAsync($"/api/worklist?clinicId={clinic}")).EnumerateArray()
        .Where(e => e.GetProperty("patientId").GetGuid() == patient).Select(e => (JsonElement?)e.Clone()).SingleOrDefault();

    [Fact]
    public async Task AnEligiblePatientIsRemindedOnceSixMonthsAfterTheFirstBoosterUntilTheSecondIsRecorded()
    {
        var clinic = await hub.CreateClinicAsync(timeZone: "Asia/Shanghai");
        var today = hub.LocalToday(FollowUpFixture.Shanghai);
        var sixty = await PatientAsync(clinic, today.AddYears(-60)); // 60 today: "60岁以上" includes 60
        var fifty = await PatientAsync(clinic, today.AddYears(-50)); // no group of 000
        var immunodeficient = await PatientAsync(clinic, today.AddYears(-45), "immunodeficiency");
        var doctor = await hub.CreateDoctorAsync(clinic);

        // The first booster whose six months end soonest after today (calendar months are uneven: 31 August + 6 is 28 February).
        var firstBooster = today.AddMonths(-6).AddDays(-5);
        while (BoosterPolicy.DueOn(firstBooster) <= today)
        {
            firstBooster = firstBooster.AddDays(1);
        }

        var dueOn = BoosterPolicy.DueOn(firstBooster);
        foreach (var patient in new[] { sixty, fifty })
        {
            using var put = await doctor.Client.PutJsonAsync($"/api/patients/{patient}/boosters", new { firstBoosterOn = Day(firstBooster) });
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        using (var put = await doctor.Client.PutJsonAsync($"/api/patients/{immunodeficient}/boosters", new { firstBoosterOn = Day(today.AddYears(-1)) }))
        {
            var status = await put.ReadJsonAsync();
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            Assert.Equal(["immunocompromised"], status.GetProperty("groups").EnumerateArray().Select(g => g.GetString()));
            Assert.True(status.GetProperty("due").GetBoolean());
        }

        var before = await doctor.Client.GetJsonAsync($"/api/patients/{sixty}/boosters");
        Assert.Equal((true, false, Day(dueOn)),
            (before.GetProperty("eligible").GetBoolean(), before.GetProperty("due").GetBoolean(), before.GetProperty("dueOn").GetString()));
        Assert.Equal(["older_adult"], before.GetProperty("groups").EnumerateArray().Select(g => g.GetString()));
        Assert.Equal(1, await hub.SweepBoostersAsync()); // the immunodeficient patient, a year after the first booster
        Assert.Null(await WorklistEntryAsync(clinic, sixty)); // green, not in home treatment, not due yet (tomorrow at the soonest)

        hub.AdvanceTo(ClinicWeek.LocalMidnight(dueOn, FollowUpFixture.Shanghai));
        Assert.Equal(1, await hub.SweepBoostersAsync());
        Assert.Equal(0, await hub.SweepBoostersAsync());
        var alarm = Assert.Single(await hub.AlarmsAsync(sixty, "booster_due"));
        Assert.Equal(("low", "active"), (alarm.GetProperty("priority").GetString(), alarm.GetProperty("state").GetString()));
        Assert.Equal([Day(firstBooster)], await hub.RemindersAsync(sixty, "booster_due"));
        Assert.Empty(await hub.AlarmsAsync(fifty, "booster_due"));
        Assert.Equal(Day(dueOn), (await WorklistEntryAsync(clinic, sixty))!.Value.GetProperty("boosterDueOn").GetString());
        Assert.Null(await WorklistEntryAsync(clinic, fifty));

        // The second booster given today: recorded (audited), the reminder resolved by the system, off the worklist.
        var given = hub.LocalToday(FollowUpFixture.Shanghai);
        using var doctorLater = await hub.LoginAsync(doctor.Username, doctor.Password); // the clock jumped past the first token's lifetime
        using (var put = await doctorLater.PutJsonAsync($"/api/patients/{sixty}/boosters",
                   new { firstBoosterOn = Day(firstBooster), secondBoosterOn = Day(given) }))
        {
            var status = await put.ReadJsonAsync();
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            Assert.False(status.GetProperty("due").GetBoolean());
        }

        var resolved = Assert.Single(await hub.AlarmsAsync(sixty, "booster_due"));
        Assert.Equal(("resolved", "system"), (resolved.GetProperty("state").GetString(), resolved.GetProperty("resolvedBy").GetString()));
        var audit = (await hub.AuditAsync("patient", sixty.ToString())).Where(a => a.Action == "patient.boosters_changed").ToList();
        Assert.Equal(2, audit.Count);
        Assert.Equal(doctor.Username, audit[^1].ActorUsername);
        Assert.Equal(Day(given), audit[^1].After!.Value.GetProperty("secondBoosterOn").GetString());
        Assert.Null(await WorklistEntryAsync(clinic, sixty));
        Assert.Equal(0, await hub.SweepBoostersAsync());
        Assert.Single(await hub.AlarmsAsync(sixty, "booster_due"));
    }

    [Fact]
    public async Task BoosterDatesAreValidatedAndAnotherClinicsPatientIsNotFound()
    {
        var clinic = await hub.CreateClinicAsync();
        var other = await hub.CreateClinicAsync();
        var patient = await hub.PatientAsync(clinic);
        var nurse = await hub.CreateNurseAsync(clinic);
        var stranger = await hub.CreateNurseAsync(other);
        var today = hub.LocalToday(FollowUpFixture.Shanghai);
        var path = $"/api/patients/{patient}/boosters";

        using (var response = await nurse.Client.PutJsonAsync(path, new { secondBoosterOn = Day(today) }))
        {
            await response.AssertValidationProblemAsync("firstBoosterOn");
        }

        using (var response = await nurse.Client.PutJsonAsync(path, new { firstBoosterOn = Day(today.AddDays(-10)), secondBoosterOn = Day(today.AddDays(-10)) }))
        {
            await response.AssertValidationProblemAsync("secondBoosterOn");
        }

        using (var response = await nurse.Client.PutJsonAsync(path, new { firstBoosterOn = Day(today.AddDays(2)) }))
        {
            await response.AssertValidationProblemAsync("firstBoosterOn");
        }

        using (var response = await nurse.Client.PutJsonAsync(path, new { firstBoosterOn = "2019-12-31" }))
        {
            await response.AssertValidationProblemAsync("firstBoosterOn");
        }

        using (var response = await stranger.Client.PutJsonAsync(path, new { firstBoosterOn = Day(today) }))
        {
            await response.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        await stranger.Client.GetJsonAsync(path, HttpStatusCode.NotFound);
        Assert.Equal(0, await hub.CountAsync("SELECT count(*) FROM patient_boosters WHERE patient_id = @p", ("p", patient)));

        using (var response = await nurse.Client.PutJsonAsync(path, new { firstBoosterOn = Day(today), highInfectionRisk = true }))
        {
            var status = await response.ReadJsonAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(["high_infection_risk"], status.GetProperty("groups").EnumerateArray().Select(g => g.GetString()));
            Assert.False(status.GetProperty("due").GetBoolean());
        }
    }
}
