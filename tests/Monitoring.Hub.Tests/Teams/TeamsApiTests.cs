using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Domain.Alarms;
using Monitoring.Hub.FollowUps;
using Monitoring.Hub.Tests.FollowUps;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Teams;

/// <summary>Grid teams (包保小分队, 004 §7) through the API against the real PostgreSQL.</summary>
public sealed class TeamsApiTests(FollowUpFixture hub) : IClassFixture<FollowUpFixture>
{
    private static object Team(string name, params string[] roles) =>
        new { name, members = roles.Select((role, i) => new { name = $"成员{i}", role, phone = "13800000000" }).ToArray() };

    private static async Task<Guid> CreateAsync(HttpClient client, object body)
    {
        using var response = await client.PostJsonAsync("/api/teams", body);
        var json = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"creating a team answered {(int)response.StatusCode}: {json}");
        return json.GetProperty("id").GetGuid();
    }

    private static async Task AssignAsync(HttpClient client, Guid patient, Guid? teamId)
    {
        using var response = await client.PutJsonAsync($"/api/patients/{patient}/team", new { teamId });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"assigning answered {(int)response.StatusCode}: {await response.ReadJsonAsync()}");
    }

    [Fact]
    public async Task ATeamNeedsAMedicalMemberAndBadInputNamesTheField()
    {
        var clinic = await hub.CreateClinicAsync();
        var nurse = await hub.CreateNurseAsync(clinic);

        using (var noMedic = await nurse.Client.PostJsonAsync("/api/teams", Team("一组", "volunteer", "community_worker")))
        {
            await noMedic.AssertValidationProblemAsync("members");
        }

        using (var empty = await nurse.Client.PostJsonAsync("/api/teams", new { name = "一组", members = Array.Empty<object>() }))
        {
            await empty.AssertValidationProblemAsync("members");
        }

        using (var noName = await nurse.Client.PostJsonAsync("/api/teams", new { members = new[] { new { name = "张医生", role = "doctor" } } }))
        {
            await noName.AssertValidationProblemAsync("name");
        }

        using (var memberName = await nurse.Client.PostJsonAsync("/api/teams", new { name = "一组", members = new[] { new { name = "", role = "doctor" } } }))
        {
            await memberName.AssertValidationProblemAsync("members[0].name");
        }

        Assert.Equal(0, await hub.CountAsync("SELECT count(*) FROM grid_teams WHERE clinic_id = @c", ("c", clinic)));

        var id = await CreateAsync(nurse.Client, Team("一组", "volunteer", "nurse"));
        var team = await nurse.Client.GetJsonAsync($"/api/teams/{id}");
        Assert.Equal((clinic, "一组", 2), (team.GetProperty("clinicId").GetGuid(), team.GetProperty("name").GetString(), team.GetProperty("members").GetArrayLength()));
        using (var duplicate = await nurse.Client.PostJsonAsync("/api/teams", Team("一组", "doctor")))
        {
            await duplicate.AssertProblemAsync(HttpStatusCode.Conflict);
        }

        using (var update = await nurse.Client.PutJsonAsync($"/api/teams/{id}", Team("一组（东）", "doctor", "volunteer", "volunteer")))
        {
            Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        }

        Assert.Equal(["team.created", "team.updated"], (await hub.AuditAsync("team", id.ToString())).Select(a => a.Action));
        Assert.Equal(3, (await nurse.Client.GetJsonAsync($"/api/teams/{id}")).GetProperty("members").GetArrayLength());
    }

    [Fact]
    public async Task PatientsBelongToATeamAndTheWorklistAndAlarmsFilterByIt()
    {
        var clinic = await hub.CreateClinicAsync();
        var nurse = await hub.CreateNurseAsync(clinic);
        var east = await CreateAsync(nurse.Client, Team("东片", "doctor"));
        var west = await CreateAsync(nurse.Client, Team("西片", "nurse"));
        var inEast = await hub.PatientAsync(clinic, "yellow");
        var inWest = await hub.PatientAsync(clinic, "yellow");
        await AssignAsync(nurse.Client, inEast, east);
        await AssignAsync(nurse.Client, inWest, west);
        foreach (var patient in new[] { inEast, inWest })
        {
            await hub.StartEpisodeAsync(patient);
            await hub.Factory.Services.GetRequiredService<IReminderAlarms>().RaiseAsync(patient, AlarmKind.Spo2Low, "SpO2 91 %", hub.Now, TestContext.Current.CancellationToken);
        }

        var worklist = await nurse.Client.GetJsonAsync($"/api/worklist?teamId={east}");
        Assert.Equal([inEast], worklist.EnumerateArray().Select(w => w.GetProperty("patientId").GetGuid()));
        var alarms = await nurse.Client.GetJsonAsync($"/api/alarms?teamId={west}");
        Assert.Equal([inWest], alarms.EnumerateArray().Select(a => a.GetProperty("patientId").GetGuid()).Distinct());
        Assert.Equal(2, (await nurse.Client.GetJsonAsync($"/api/alarms?clinicId={clinic}")).GetArrayLength());
        Assert.Equal(1, (await nurse.Client.GetJsonAsync($"/api/teams/{east}")).GetProperty("patients").GetInt32());
        // The teams page lists a team's patients from the registry, paged or not.
        Assert.Equal([inEast], (await nurse.Client.GetJsonAsync($"/api/patients?teamId={east}")).EnumerateArray().Select(p => p.GetProperty("id").GetGuid()));
        var westPage = await nurse.Client.GetJsonAsync($"/api/patients?teamId={west}&pageSize=10");
        Assert.Equal([inWest], westPage.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()));
        Assert.Equal(1, westPage.GetProperty("total").GetInt32());
        using (var badTeam = await nurse.Client.GetResponseAsync("/api/patients?teamId=east"))
        {
            await badTeam.AssertValidationProblemAsync("teamId");
        }


        using (var busy = await nurse.Client.DeleteAsync(new Uri($"/api/teams/{east}", UriKind.Relative), TestContext.Current.CancellationToken))
        {
            await busy.AssertProblemAsync(HttpStatusCode.Conflict);
        }

        await AssignAsync(nurse.Client, inEast, null);
        using (var retired = await nurse.Client.DeleteAsync(new Uri($"/api/teams/{east}", UriKind.Relative), TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, retired.StatusCode);
        }

        Assert.Equal([west], (await nurse.Client.GetJsonAsync("/api/teams")).EnumerateArray().Select(t => t.GetProperty("id").GetGuid()));
        Assert.Equal(["patient.team_changed", "patient.team_changed"],
            (await hub.AuditAsync("patient", inEast.ToString())).Select(a => a.Action).Where(a => a == "patient.team_changed"));
    }

    [Fact]
    public async Task AnotherClinicsTeamIsInvisibleAndCannotTakeOurPatients()
    {
        var clinic = await hub.CreateClinicAsync();
        var nurse = await hub.CreateNurseAsync(clinic);
        var team = await CreateAsync(nurse.Client, Team("一组", "doctor"));
        var otherClinic = await hub.CreateClinicAsync();
        var stranger = await hub.CreateDoctorAsync(otherClinic);
        var theirTeam = await CreateAsync(stranger.Client, Team("外组", "doctor"));
        var patient = await hub.PatientAsync(clinic);

        using (var read = await stranger.Client.GetResponseAsync($"/api/teams/{team}"))
        {
            await read.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        using (var change = await stranger.Client.PutJsonAsync($"/api/teams/{team}", Team("改名", "doctor")))
        {
            await change.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        using (var elsewhere = await stranger.Client.PostJsonAsync("/api/teams", new { clinicId = clinic, name = "渗透", members = new[] { new { name = "x", role = "doctor" } } }))
        {
            await elsewhere.AssertValidationProblemAsync("clinicId");
        }

        using (var foreignTeam = await nurse.Client.PutJsonAsync($"/api/patients/{patient}/team", new { teamId = theirTeam }))
        {
            await foreignTeam.AssertValidationProblemAsync("teamId");
        }

        using (var foreignPatient = await stranger.Client.PutJsonAsync($"/api/patients/{patient}/team", new { teamId = theirTeam }))
        {
            await foreignPatient.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        Assert.DoesNotContain((await stranger.Client.GetJsonAsync("/api/teams")).EnumerateArray(), t => t.GetProperty("id").GetGuid() == team);
        await AssignAsync(nurse.Client, patient, team);
        Assert.Equal(0, (await stranger.Client.GetJsonAsync($"/api/patients?teamId={team}")).GetArrayLength());
        await AssignAsync(nurse.Client, patient, null);
        Assert.Equal(0, await hub.CountAsync("SELECT count(*) FROM patients WHERE id = @p AND team_id IS NOT NULL", ("p", patient)));
    }
}
