using System.Net;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Registry;

public sealed class ClinicsApiTests(HubFixture hub) : IClassFixture<HubFixture>
{
    [Fact]
    public async Task AnAdministratorCreatesAClinicInAsiaShanghaiAndTheChangeIsAudited()
    {
        var admin = await hub.AdminAsync();
        var name = "Lianhua CHC " + HubFixture.Unique();

        using var response = await admin.PostJsonAsync("/api/clinics", new { name, timeZone = "Asia/Shanghai" });

        var body = await response.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal(name, body.GetProperty("name").GetString());
        Assert.Equal("Asia/Shanghai", body.GetProperty("timeZone").GetString());
        var audit = Assert.Single(await hub.AuditAsync("clinic", id.ToString()));
        Assert.Equal("clinic.created", audit.Action);
        Assert.Equal(name, audit.After!.Value.GetProperty("name").GetString());
    }

    [Fact]
    public async Task AClinicNameIsTakenWhateverItsCase()
    {
        var admin = await hub.AdminAsync();
        var name = "Twin " + HubFixture.Unique();
        await hub.CreateClinicAsync(name);
        var clinics = await hub.CountAsync("SELECT count(*) FROM clinics");

        using var response = await admin.PostJsonAsync("/api/clinics", new { name = name.ToUpperInvariant(), timeZone = "Asia/Shanghai" });

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(clinics, await hub.CountAsync("SELECT count(*) FROM clinics"));
    }

    [Theory]
    [InlineData("""{"timeZone":"Asia/Shanghai"}""", "name")]
    [InlineData("""{"name":"   ","timeZone":"Asia/Shanghai"}""", "name")]
    [InlineData("""{"name":5,"timeZone":"Asia/Shanghai"}""", "name")]
    [InlineData("""{"name":"A clinic"}""", "timeZone")]
    [InlineData("""{"name":"A clinic","timeZone":"Mars/Olympus_Mons"}""", "timeZone")]
    [InlineData("""{"name":"A clinic","timeZone":"China Standard Time"}""", "timeZone")]
    [InlineData("""{"name":"A clinic","timeZone":"asia/shanghai"}""", "timeZone")]
    [InlineData("""{"name":"A clinic","timeZone":"+08:00"}""", "timeZone")]
    [InlineData("""{"name":"A clinic" "timeZone":"Asia/Shanghai"}""", "body")]
    public async Task InvalidClinicBodiesAnswer400NamingTheFieldAndCreateNothing(string json, string field)
    {
        var admin = await hub.AdminAsync();
        var clinics = await hub.CountAsync("SELECT count(*) FROM clinics");

        using var response = await admin.PostRawAsync("/api/clinics", json);

        await response.AssertValidationProblemAsync(field);
        Assert.Equal(clinics, await hub.CountAsync("SELECT count(*) FROM clinics"));
    }

    [Fact]
    public async Task NursesAndDoctorsCannotCreateClinics()
    {
        var clinic = await hub.CreateClinicAsync();
        foreach (var user in new[] { await hub.CreateNurseAsync(clinic), await hub.CreateDoctorAsync(clinic) })
        {
            using var response = await user.Client.PostJsonAsync("/api/clinics", new { name = "Rogue " + HubFixture.Unique(), timeZone = "Asia/Shanghai" });
            await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task AnAdministratorListsEveryClinicAndANurseOnlyTheirOwn()
    {
        var mine = await hub.CreateClinicAsync();
        var other = await hub.CreateClinicAsync();
        var nurse = await hub.CreateNurseAsync(mine);

        var adminList = await (await hub.AdminAsync()).GetJsonAsync("/api/clinics");
        var nurseList = await nurse.Client.GetJsonAsync("/api/clinics");

        var adminIds = adminList.EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToList();
        Assert.Contains(mine, adminIds);
        Assert.Contains(other, adminIds);
        Assert.Equal([mine], nurseList.EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task ANurseReadsTheirClinicAndGets404ForAnother()
    {
        var mine = await hub.CreateClinicAsync();
        var other = await hub.CreateClinicAsync();
        var nurse = await hub.CreateNurseAsync(mine);

        var own = await nurse.Client.GetJsonAsync($"/api/clinics/{mine}");
        using var foreign = await nurse.Client.GetResponseAsync($"/api/clinics/{other}");

        Assert.Equal(mine, own.GetProperty("id").GetGuid());
        await foreign.AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
