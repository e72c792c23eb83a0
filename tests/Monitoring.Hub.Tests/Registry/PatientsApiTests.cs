using System.Net;
using System.Text.Json;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Registry;

public sealed class PatientsApiTests(HubFixture hub) : IClassFixture<HubFixture>
{
    [Fact]
    public async Task CreatingAPatientComputesTheTierAndSaysWhy()
    {
        var clinic = await hub.CreateClinicAsync();
        var nurse = await hub.CreateNurseAsync(clinic);

        using var response = await nurse.Client.PostJsonAsync("/api/patients", HubFixture.PatientBody(clinic));

        var body = await response.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/patients/{id}", response.Headers.Location?.ToString());
        Assert.Equal("green", body.GetProperty("riskTier").GetString());
        Assert.Equal("table", body.GetProperty("riskBasis").GetProperty("method").GetString());
        Assert.Equal("G1", body.GetProperty("riskBasis").GetProperty("row").GetString());
        Assert.False(body.GetProperty("riskBasis").TryGetProperty("score", out _));
        Assert.Equal(50, body.GetProperty("ageYears").GetInt32());
        Assert.Equal(1, body.GetProperty("serviceLevel").GetInt32());
        Assert.Equal(clinic, body.GetProperty("clinicId").GetGuid());

        var audit = Assert.Single(await hub.AuditAsync("patient", id.ToString()));
        Assert.Equal("patient.created", audit.Action);
        Assert.Equal(nurse.Username, audit.ActorUsername);
        Assert.Equal(nurse.Id, audit.ActorUserId);
        Assert.Equal(clinic, audit.ClinicId);
        Assert.Equal("green", audit.After!.Value.GetProperty("riskTier").GetString());
        Assert.Equal(1, await hub.CountAsync("SELECT count(*) FROM patient_tier_history WHERE patient_id = @id AND reason = 'created'", ("id", id)));
    }

    [Theory]
    [InlineData(50, "none", "none", "green", "G1", null)]
    [InlineData(60, "stable", "full", "green", "G2", null)]
    [InlineData(50, "unstable", "full", "yellow", "Y1", null)]
    [InlineData(70, "stable", "partial", "yellow", "Y2", null)]
    [InlineData(85, "stable", "full", "yellow", "Y3", null)]
    [InlineData(50, "unstable", "none", "red", "R1", null)]
    [InlineData(65, "unstable", "full", "red", "R2", null)]
    [InlineData(85, "unstable", "partial", "red", "R3", null)]
    [InlineData(80, "stable", "full", "yellow", null, 2)]
    [InlineData(85, "none", "none", "red", null, 4)]
    [InlineData(85, "unstable", "full", "red", null, 4)]
    [InlineData(50, "stable", "partial", "yellow", null, 2)]
    public async Task TheTierOnCreationFollowsTheRiskTableThenTheScore(
        int age, string disease, string vaccination, string tier, string? row, int? score)
    {
        var clinic = await hub.CreateClinicAsync();
        var admin = await hub.AdminAsync();

        var patient = await HubFixture.CreatePatientAsync(admin, clinic, new Dictionary<string, object?>
        {
            ["birthDate"] = HubFixture.BirthDateForAge(age),
            ["underlyingDisease"] = disease,
            ["vaccination"] = vaccination,
        });

        Assert.Equal(tier, patient.GetProperty("riskTier").GetString());
        var basis = patient.GetProperty("riskBasis");
        Assert.Equal(row is null ? "score" : "table", basis.GetProperty("method").GetString());
        if (row is not null)
        {
            Assert.Equal(row, basis.GetProperty("row").GetString());
        }
        else
        {
            Assert.Equal(score, basis.GetProperty("score").GetInt32());
        }

        Assert.Equal(age, basis.GetProperty("ageYears").GetInt32());
    }

    [Fact]
    public async Task AnUpdateThatMovesThePatientIntoAnotherAgeBandReTiersAndKeepsTheHistory()
    {
        var clinic = await hub.CreateClinicAsync();
        var nurse = await hub.CreateNurseAsync(clinic);
        var changes = new Dictionary<string, object?> { ["underlyingDisease"] = "unstable", ["vaccination"] = "full" };
        var created = await HubFixture.CreatePatientAsync(nurse.Client, clinic, changes);
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal("Y1", created.GetProperty("riskBasis").GetProperty("row").GetString());

        var body = HubFixture.PatientBody(clinic, changes);
        body["name"] = created.GetProperty("name").GetString();
        body["birthDate"] = HubFixture.BirthDateForAge(70);
        using var response = await nurse.Client.PutJsonAsync($"/api/patients/{id}", body);

        var updated = await response.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("red", updated.GetProperty("riskTier").GetString());
        Assert.Equal("R2", updated.GetProperty("riskBasis").GetProperty("row").GetString());
        Assert.Equal(3, updated.GetProperty("serviceLevel").GetInt32());

        var detail = await nurse.Client.GetJsonAsync($"/api/patients/{id}");
        var history = detail.GetProperty("tierHistory").EnumerateArray().ToList();
        Assert.Equal(["created", "updated"], history.Select(h => h.GetProperty("reason").GetString()));
        Assert.Equal(["yellow", "red"], history.Select(h => h.GetProperty("tier").GetString()));
        Assert.Equal(["Y1", "R2"], history.Select(h => h.GetProperty("basis").GetProperty("row").GetString()));
        Assert.Contains("age_65_plus", detail.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));

        var audit = await hub.AuditAsync("patient", id.ToString());
        Assert.Equal(["patient.created", "patient.updated"], audit.Select(a => a.Action));
        Assert.Equal("yellow", audit[1].Before!.Value.GetProperty("riskTier").GetString());
        Assert.Equal("red", audit[1].After!.Value.GetProperty("riskTier").GetString());
    }

    [Fact]
    public async Task AnUpdateThatLeavesTheTierAloneAddsNoTierHistoryButIsAudited()
    {
        var clinic = await hub.CreateClinicAsync();
        var admin = await hub.AdminAsync();
        var created = await HubFixture.CreatePatientAsync(admin, clinic);
        var id = created.GetProperty("id").GetGuid();
        var body = HubFixture.PatientBody(clinic);
        body["name"] = "Renamed " + HubFixture.Unique();
        body["birthDate"] = created.GetProperty("birthDate").GetString();
        body["gridTeam"] = "Team 3";

        using var response = await admin.PutJsonAsync($"/api/patients/{id}", body);

        var updated = await response.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body["name"], updated.GetProperty("name").GetString());
        Assert.Equal("Team 3", updated.GetProperty("gridTeam").GetString());
        Assert.Equal(1, await hub.CountAsync("SELECT count(*) FROM patient_tier_history WHERE patient_id = @id", ("id", id)));
        var audit = await hub.AuditAsync("patient", id.ToString());
        Assert.Equal(["patient.created", "patient.updated"], audit.Select(a => a.Action));
        Assert.Equal(created.GetProperty("name").GetString(), audit[1].Before!.Value.GetProperty("name").GetString());
    }

    [Fact]
    public async Task AnUpdateThatChangesNothingWritesNothing()
    {
        var clinic = await hub.CreateClinicAsync();
        var admin = await hub.AdminAsync();
        var created = await HubFixture.CreatePatientAsync(admin, clinic);
        var id = created.GetProperty("id").GetGuid();
        var body = HubFixture.PatientBody(clinic);
        body["name"] = created.GetProperty("name").GetString();
        body["birthDate"] = created.GetProperty("birthDate").GetString();

        using var response = await admin.PutJsonAsync($"/api/patients/{id}", body);

        var updated = await response.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(created.GetProperty("updatedAt").GetString(), updated.GetProperty("updatedAt").GetString());
        Assert.Single(await hub.AuditAsync("patient", id.ToString()));
    }

    [Fact]
    public async Task CategoriesAreRecordedWithThePregnancyAndTheAgeDerivedOnesAreAdded()
    {
        var clinic = await hub.CreateClinicAsync();
        var admin = await hub.AdminAsync();

        var pregnant = await HubFixture.CreatePatientAsync(admin, clinic, new Dictionary<string, object?>
        {
            ["birthDate"] = HubFixture.BirthDateForAge(30),
            ["categories"] = new[] { "living_alone", "pregnant" },
            ["pregnancy"] = new { risk = "orange", gestationalWeek = 30 },
        });
        var child = await HubFixture.CreatePatientAsync(admin, clinic, new Dictionary<string, object?>
        {
            ["birthDate"] = HubFixture.BirthDateForAge(3),
            ["sex"] = "male",
            ["categories"] = new[] { "child_0_6", "left_behind" },
        });

        Assert.Equal(["pregnant", "living_alone"], pregnant.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        var pregnancy = pregnant.GetProperty("pregnancy");
        Assert.Equal("orange", pregnancy.GetProperty("risk").GetString());
        Assert.Equal(30, pregnancy.GetProperty("gestationalWeek").GetInt32());
        Assert.True(pregnancy.GetProperty("priority").GetBoolean());
        Assert.Equal(["child_0_6", "left_behind"], child.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(JsonValueKind.Null, child.GetProperty("pregnancy").ValueKind);
        Assert.Equal(0, await hub.CountAsync(
            "SELECT count(*) FROM patient_categories WHERE code IN ('child_0_6', 'age_65_plus') AND patient_id = @id", ("id", child.GetProperty("id").GetGuid())));
    }

    [Fact]
    public async Task APostpartumPatientMayHaveARiskColourWithoutAGestationalWeek()
    {
        var clinic = await hub.CreateClinicAsync();

        var patient = await HubFixture.CreatePatientAsync(await hub.AdminAsync(), clinic, new Dictionary<string, object?>
        {
            ["birthDate"] = HubFixture.BirthDateForAge(28),
            ["categories"] = new[] { "postpartum" },
            ["pregnancy"] = new { risk = "green" },
        });

        Assert.Equal("green", patient.GetProperty("pregnancy").GetProperty("risk").GetString());
        Assert.Equal(JsonValueKind.Null, patient.GetProperty("pregnancy").GetProperty("gestationalWeek").ValueKind);
        Assert.False(patient.GetProperty("pregnancy").GetProperty("priority").GetBoolean());
    }

    [Fact]
    public async Task AnUrgentNeedPutsAGreenPatientAtServiceLevelThree()
    {
        var clinic = await hub.CreateClinicAsync();

        var patient = await HubFixture.CreatePatientAsync(await hub.AdminAsync(), clinic, new Dictionary<string, object?> { ["urgentNeed"] = true });

        Assert.Equal("green", patient.GetProperty("riskTier").GetString());
        Assert.True(patient.GetProperty("urgentNeed").GetBoolean());
        Assert.Equal(3, patient.GetProperty("serviceLevel").GetInt32());
    }

    [Theory]
    [MemberData(nameof(PatientBodies.Invalid), MemberType = typeof(PatientBodies))]
    public async Task InvalidPatientBodiesAnswer400NamingTheFieldAndCreateNothing(string patch, string field)
    {
        var clinic = await hub.CreateClinicAsync();
        var nurse = await hub.CreateNurseAsync(clinic);
        var patients = await hub.CountAsync("SELECT count(*) FROM patients");
        var audit = await hub.CountAsync("SELECT count(*) FROM audit_log");

        using var response = await nurse.Client.PostRawAsync("/api/patients", PatientBodies.With(clinic, patch));

        await response.AssertValidationProblemAsync(field);
        Assert.Equal(patients, await hub.CountAsync("SELECT count(*) FROM patients"));
        Assert.Equal(audit, await hub.CountAsync("SELECT count(*) FROM audit_log"));
    }

    [Theory]
    [MemberData(nameof(PatientBodies.Invalid), MemberType = typeof(PatientBodies))]
    public async Task InvalidUpdatesAnswer400NamingTheFieldAndChangeNothing(string patch, string field)
    {
        var clinic = await hub.CreateClinicAsync();
        var nurse = await hub.CreateNurseAsync(clinic);
        var created = await HubFixture.CreatePatientAsync(nurse.Client, clinic);
        var id = created.GetProperty("id").GetGuid();

        using var response = await nurse.Client.PutRawAsync($"/api/patients/{id}", PatientBodies.With(clinic, patch));

        await response.AssertValidationProblemAsync(field);
        var after = await nurse.Client.GetJsonAsync($"/api/patients/{id}");
        Assert.Equal(created.GetProperty("updatedAt").GetString(), after.GetProperty("updatedAt").GetString());
        Assert.Equal(created.GetProperty("name").GetString(), after.GetProperty("name").GetString());
        Assert.Single(await hub.AuditAsync("patient", id.ToString()));
    }

    [Fact]
    public async Task SeveralMistakesAreReportedTogether()
    {
        var clinic = await hub.CreateClinicAsync();
        var admin = await hub.AdminAsync();

        using var response = await admin.PostRawAsync("/api/patients",
            PatientBodies.With(clinic, """{"name":"-","birthDate":"2999-01-01","categories":["unknown"]}"""));

        var problem = await response.AssertValidationProblemAsync("name");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("birthDate", out _));
        Assert.True(errors.TryGetProperty("categories[0]", out _));
    }

    [Fact]
    public async Task UpdatingAPatientThatDoesNotExistAnswers404()
    {
        var clinic = await hub.CreateClinicAsync();
        var admin = await hub.AdminAsync();

        using var response = await admin.PutJsonAsync($"/api/patients/{Guid.NewGuid()}", HubFixture.PatientBody(clinic));
        using var read = await admin.GetResponseAsync($"/api/patients/{Guid.NewGuid()}");
        using var notAnId = await admin.GetResponseAsync("/api/patients/not-an-id");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
        await read.AssertProblemAsync(HttpStatusCode.NotFound);
        await notAnId.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ThePatientListFiltersByClinicTierAndUrgency()
    {
        var first = await hub.CreateClinicAsync();
        var second = await hub.CreateClinicAsync();
        var admin = await hub.AdminAsync();
        var green = (await HubFixture.CreatePatientAsync(admin, first)).GetProperty("id").GetGuid();
        var red = (await HubFixture.CreatePatientAsync(admin, first, new Dictionary<string, object?>
        {
            ["underlyingDisease"] = "unstable", ["vaccination"] = "none", ["urgentNeed"] = true,
        })).GetProperty("id").GetGuid();
        var elsewhere = (await HubFixture.CreatePatientAsync(admin, second)).GetProperty("id").GetGuid();

        var ofFirst = Ids(await admin.GetJsonAsync($"/api/patients?clinicId={first}"));
        var redOfFirst = Ids(await admin.GetJsonAsync($"/api/patients?clinicId={first}&tier=red"));
        var urgent = Ids(await admin.GetJsonAsync($"/api/patients?clinicId={first}&urgentNeed=true"));
        var all = Ids(await admin.GetJsonAsync("/api/patients"));

        Assert.Equal(new[] { green, red }.Order(), ofFirst.Order());
        Assert.Equal([red], redOfFirst);
        Assert.Equal([red], urgent);
        Assert.Contains(elsewhere, all);
        Assert.Contains(green, all);
    }

    [Fact]
    public async Task MonitoredPatientsAreThoseInHomeTreatmentOrWearingADeviceOfTheCallersClinic()
    {
        var clinic = await hub.CreateClinicAsync();
        var other = await hub.CreateClinicAsync();
        var nurse = await hub.CreateNurseAsync(clinic);
        var doctor = await hub.CreateDoctorAsync(clinic);
        var admin = await hub.AdminAsync();
        async Task<Guid> PatientAsync(Guid clinicId) => (await HubFixture.CreatePatientAsync(admin, clinicId)).GetProperty("id").GetGuid();
        async Task PostAsync(HttpClient client, string path, object body)
        {
            using var response = await client.PostJsonAsync(path, body);
            Assert.True(response.IsSuccessStatusCode, $"POST {path} answered {(int)response.StatusCode}: {await response.ReadJsonAsync()}");
        }

        var idle = await PatientAsync(clinic);
        var inTreatment = await PatientAsync(clinic);
        await PostAsync(nurse.Client, $"/api/patients/{inTreatment}/episodes", new { });
        var treatmentEnded = await PatientAsync(clinic);
        await PostAsync(nurse.Client, $"/api/patients/{treatmentEnded}/episodes", new { });
        await PostAsync(nurse.Client, $"/api/patients/{treatmentEnded}/episodes/current/end", new { reason = "criteria met" });
        var wearing = await PatientAsync(clinic);
        var worn = $"ox-{HubFixture.Unique()}";
        await PostAsync(doctor.Client, "/api/devices", new { id = worn, kind = "oximeter" });
        await PostAsync(nurse.Client, $"/api/devices/{worn}/assign", new { patientId = wearing });
        var handedBack = await PatientAsync(clinic);
        var returned = $"ox-{HubFixture.Unique()}";
        await PostAsync(doctor.Client, "/api/devices", new { id = returned, kind = "oximeter" });
        await PostAsync(nurse.Client, $"/api/devices/{returned}/assign", new { patientId = handedBack });
        await PostAsync(nurse.Client, $"/api/devices/{returned}/unassign", new { });
        var elsewhere = await PatientAsync(other);
        await PostAsync(admin, $"/api/patients/{elsewhere}/episodes", new { });

        var monitored = Ids(await nurse.Client.GetJsonAsync("/api/patients?monitored=true"));
        var notMonitored = Ids(await nurse.Client.GetJsonAsync("/api/patients?monitored=false"));
        var allMonitored = Ids(await admin.GetJsonAsync("/api/patients?monitored=true"));

        Assert.Equal(new[] { inTreatment, wearing }.Order(), monitored.Order());
        Assert.Equal(new[] { idle, treatmentEnded, handedBack }.Order(), notMonitored.Order());
        Assert.Contains(elsewhere, allMonitored);
        Assert.DoesNotContain(idle, allMonitored);
    }

    [Theory]
    [InlineData("?tier=purple", "tier")]
    [InlineData("?tier=RED", "tier")]
    [InlineData("?clinicId=abc", "clinicId")]
    [InlineData("?urgentNeed=maybe", "urgentNeed")]
    [InlineData("?monitored=yes", "monitored")]
    public async Task BadListFiltersAnswer400NamingTheParameter(string query, string field)
    {
        using var response = await (await hub.AdminAsync()).GetResponseAsync("/api/patients" + query);

        await response.AssertValidationProblemAsync(field);
    }

    [Fact]
    public async Task ReadingAPatientShowsTheTierHistoryAndNoEpisodeBeforeHomeTreatment()
    {
        var clinic = await hub.CreateClinicAsync();
        var nurse = await hub.CreateNurseAsync(clinic);
        var id = (await HubFixture.CreatePatientAsync(nurse.Client, clinic)).GetProperty("id").GetGuid();

        var patient = await nurse.Client.GetJsonAsync($"/api/patients/{id}");

        Assert.Single(patient.GetProperty("tierHistory").EnumerateArray());
        Assert.False(patient.TryGetProperty("currentEpisode", out _));
    }

    [Fact]
    public async Task APatientPutInAGridTeamCarriesTheTeamIdAloneAndInTheList()
    {
        var clinic = await hub.CreateClinicAsync();
        var nurse = await hub.CreateNurseAsync(clinic);
        using var created = await nurse.Client.PostJsonAsync("/api/teams", new { name = "东片", members = new[] { new { name = "张医生", role = "doctor" } } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var team = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
        var member = (await HubFixture.CreatePatientAsync(nurse.Client, clinic)).GetProperty("id").GetGuid();
        var outsider = await HubFixture.CreatePatientAsync(nurse.Client, clinic);
        using var assigned = await nurse.Client.PutJsonAsync($"/api/patients/{member}/team", new { teamId = team });
        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);

        var single = await nurse.Client.GetJsonAsync($"/api/patients/{member}");
        var list = (await nurse.Client.GetJsonAsync($"/api/patients?clinicId={clinic}")).EnumerateArray()
            .ToDictionary(p => p.GetProperty("id").GetGuid(), p => p.GetProperty("teamId"));

        Assert.Equal(team, single.GetProperty("teamId").GetGuid());
        Assert.Equal(team, list[member].GetGuid());
        Assert.Equal(JsonValueKind.Null, outsider.GetProperty("teamId").ValueKind);
        Assert.Equal(JsonValueKind.Null, list[outsider.GetProperty("id").GetGuid()].ValueKind);
        // The free-text label is another field and stays as it was.
        Assert.Equal(JsonValueKind.Null, single.GetProperty("gridTeam").ValueKind);
    }

    private static List<Guid> Ids(JsonElement patients) => [.. patients.EnumerateArray().Select(p => p.GetProperty("id").GetGuid())];
}
