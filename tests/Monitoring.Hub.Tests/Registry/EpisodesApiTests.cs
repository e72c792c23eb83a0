using System.Globalization;
using System.Net;
using System.Text.Json;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Registry;

public sealed class EpisodesApiTests(HubFixture hub) : IClassFixture<HubFixture>
{
    private async Task<(TestUser Nurse, Guid Patient)> PatientWithNurseAsync()
    {
        var clinic = await hub.CreateClinicAsync();
        var nurse = await hub.CreateNurseAsync(clinic);
        var patient = await HubFixture.CreatePatientAsync(nurse.Client, clinic);
        return (nurse, patient.GetProperty("id").GetGuid());
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    [Fact]
    public async Task StartingHomeTreatmentCreatesAnOpenEpisodeShownOnThePatient()
    {
        var (nurse, patient) = await PatientWithNurseAsync();
        var startedAt = DateTimeOffset.UtcNow.AddHours(-3);

        using var response = await nurse.Client.PostJsonAsync($"/api/patients/{patient}/episodes", new { startedAt = Iso(startedAt) });

        var episode = await response.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(Iso(startedAt), Iso(episode.GetProperty("startedAt").GetDateTimeOffset()));
        Assert.Equal(JsonValueKind.Null, episode.GetProperty("endedAt").ValueKind);
        Assert.False(episode.GetProperty("endCriteria").GetProperty("met").GetBoolean());
        var detail = await nurse.Client.GetJsonAsync($"/api/patients/{patient}");
        Assert.Equal(episode.GetProperty("id").GetGuid(), detail.GetProperty("currentEpisode").GetProperty("id").GetGuid());
        var audit = Assert.Single(await hub.AuditAsync("episode", episode.GetProperty("id").GetGuid().ToString()));
        Assert.Equal("episode.started", audit.Action);
    }

    [Fact]
    public async Task StartingWithoutABodyStartsNow()
    {
        var (nurse, patient) = await PatientWithNurseAsync();

        using var response = await nurse.Client.PostAsync(
            new Uri($"/api/patients/{patient}/episodes", UriKind.Relative), null, TestContext.Current.CancellationToken);

        var episode = await response.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.InRange(DateTimeOffset.UtcNow - episode.GetProperty("startedAt").GetDateTimeOffset(), TimeSpan.Zero, TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task ASecondOpenEpisodeAnswers409AndChangesNothing()
    {
        var (nurse, patient) = await PatientWithNurseAsync();
        using var first = await nurse.Client.PostJsonAsync($"/api/patients/{patient}/episodes", new { });

        using var second = await nurse.Client.PostJsonAsync($"/api/patients/{patient}/episodes", new { });

        await second.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Single((await nurse.Client.GetJsonAsync($"/api/patients/{patient}/episodes")).EnumerateArray());
    }

    [Fact]
    public async Task EndingHomeTreatmentClosesTheEpisodeWithItsReasonAndAllowsANewOneLater()
    {
        var (nurse, patient) = await PatientWithNurseAsync();
        using var started = await nurse.Client.PostJsonAsync($"/api/patients/{patient}/episodes", new { startedAt = Iso(DateTimeOffset.UtcNow.AddDays(-5)) });
        var id = (await started.ReadJsonAsync()).GetProperty("id").GetGuid();

        using var ended = await nurse.Client.PostJsonAsync($"/api/patients/{patient}/episodes/current/end", new { reason = "criteria met" });

        var episode = await ended.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        Assert.Equal("criteria met", episode.GetProperty("endReason").GetString());
        Assert.NotEqual(JsonValueKind.Null, episode.GetProperty("endedAt").ValueKind);
        Assert.False((await nurse.Client.GetJsonAsync($"/api/patients/{patient}")).TryGetProperty("currentEpisode", out _));
        var audit = await hub.AuditAsync("episode", id.ToString());
        Assert.Equal(["episode.started", "episode.ended"], audit.Select(a => a.Action));
        Assert.Equal(JsonValueKind.Null, audit[1].Before!.Value.GetProperty("endedAt").ValueKind);

        using var again = await nurse.Client.PostJsonAsync($"/api/patients/{patient}/episodes", new { });
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(2, (await nurse.Client.GetJsonAsync($"/api/patients/{patient}/episodes")).GetArrayLength());
    }

    [Fact]
    public async Task AnEpisodeCannotStartBeforeThePreviousOneEnded()
    {
        var (nurse, patient) = await PatientWithNurseAsync();
        using var first = await nurse.Client.PostJsonAsync($"/api/patients/{patient}/episodes", new { startedAt = Iso(DateTimeOffset.UtcNow.AddDays(-5)) });
        using var end = await nurse.Client.PostJsonAsync($"/api/patients/{patient}/episodes/current/end", new { reason = "recovered" });

        using var overlapping = await nurse.Client.PostJsonAsync($"/api/patients/{patient}/episodes", new { startedAt = Iso(DateTimeOffset.UtcNow.AddDays(-1)) });

        await overlapping.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task EndingOrAssessingWithoutAnOpenEpisodeAnswers404()
    {
        var (nurse, patient) = await PatientWithNurseAsync();

        using var end = await nurse.Client.PostJsonAsync($"/api/patients/{patient}/episodes/current/end", new { reason = "none open" });
        using var symptoms = await nurse.Client.PostJsonAsync($"/api/patients/{patient}/episodes/current/symptoms", new { improved = true });

        await end.AssertProblemAsync(HttpStatusCode.NotFound);
        await symptoms.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/episodes", """{"startedAt":"2999-01-01T00:00:00Z"}""", "startedAt")]
    [InlineData("/episodes", """{"startedAt":"2019-06-01T00:00:00Z"}""", "startedAt")]
    [InlineData("/episodes", """{"startedAt":"2026-01-01T08:00:00"}""", "startedAt")]
    [InlineData("/episodes", """{"startedAt":"yesterday"}""", "startedAt")]
    [InlineData("/episodes/current/end", """{}""", "reason")]
    [InlineData("/episodes/current/end", """{"reason":"  "}""", "reason")]
    [InlineData("/episodes/current/end", """{"reason":true}""", "reason")]
    [InlineData("/episodes/current/symptoms", """{}""", "improved")]
    [InlineData("/episodes/current/symptoms", """{"improved":"yes"}""", "improved")]
    [InlineData("/tests", """{"takenAt":"2026-11-01T08:00:00Z","result":"negative"}""", "kind")]
    [InlineData("/tests", """{"kind":"saliva","takenAt":"2026-11-01T08:00:00Z","result":"negative"}""", "kind")]
    [InlineData("/tests", """{"kind":"pcr","result":"negative"}""", "takenAt")]
    [InlineData("/tests", """{"kind":"pcr","takenAt":"2999-11-01T08:00:00Z","result":"negative"}""", "takenAt")]
    [InlineData("/tests", """{"kind":"pcr","takenAt":"2026-11-01T08:00:00Z"}""", "result")]
    [InlineData("/tests", """{"kind":"pcr","takenAt":"2026-11-01T08:00:00Z","result":"unclear"}""", "result")]
    [InlineData("/tests", """{"kind":"antigen","takenAt":"2026-11-01T08:00:00Z","result":"negative","ct":36}""", "ct")]
    [InlineData("/tests", """{"kind":"pcr","takenAt":"2026-11-01T08:00:00Z","result":"negative","ct":51}""", "ct")]
    [InlineData("/tests", """{"kind":"pcr","takenAt":"2026-11-01T08:00:00Z","result":"negative","ct":-1}""", "ct")]
    [InlineData("/tests", """{"kind":"pcr","takenAt":"2026-11-01T08:00:00Z","result":"negative","ct":35.123}""", "ct")]
    [InlineData("/tests", """{"kind":"pcr","takenAt":"2026-11-01T08:00:00Z","result":"negative","ct":"36"}""", "ct")]
    public async Task InvalidEpisodeAndTestBodiesAnswer400NamingTheFieldAndChangeNothing(string path, string json, string field)
    {
        var (nurse, patient) = await PatientWithNurseAsync();
        if (!path.EndsWith("/episodes", StringComparison.Ordinal))
        {
            using var open = await nurse.Client.PostJsonAsync($"/api/patients/{patient}/episodes", new { startedAt = "2026-10-30T00:00:00Z" });
        }

        var audit = await hub.CountAsync("SELECT count(*) FROM audit_log");
        var tests = await hub.CountAsync("SELECT count(*) FROM test_results");

        using var response = await nurse.Client.PostRawAsync($"/api/patients/{patient}{path}", json);

        await response.AssertValidationProblemAsync(field);
        Assert.Equal(audit, await hub.CountAsync("SELECT count(*) FROM audit_log"));
        Assert.Equal(tests, await hub.CountAsync("SELECT count(*) FROM test_results"));
    }

    [Fact]
    public async Task RecordedTestsAreListedInSampleOrderAndAudited()
    {
        var (nurse, patient) = await PatientWithNurseAsync();

        using var later = await nurse.Client.PostJsonAsync($"/api/patients/{patient}/tests",
            new { kind = "pcr", takenAt = "2026-11-02T08:00:00Z", result = "negative", ct = 36.5 });
        using var earlier = await nurse.Client.PostJsonAsync($"/api/patients/{patient}/tests",
            new { kind = "antigen", takenAt = "2026-11-01T08:00:00+08:00", result = "positive" });

        var recorded = await later.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.Created, later.StatusCode);
        Assert.Equal(36.5m, recorded.GetProperty("ct").GetDecimal());
        Assert.Equal(nurse.Id, recorded.GetProperty("recordedBy").GetGuid());
        var list = await nurse.Client.GetJsonAsync($"/api/patients/{patient}/tests");
        Assert.Equal(["antigen", "pcr"], list.EnumerateArray().Select(t => t.GetProperty("kind").GetString()));
        Assert.Equal("2026-11-01T00:00:00Z", list[0].GetProperty("takenAt").GetString());
        var audit = Assert.Single(await hub.AuditAsync("test_result", recorded.GetProperty("id").GetGuid().ToString()));
        Assert.Equal("test.recorded", audit.Action);
    }

    [Fact]
    public async Task TheEndCriteriaAreMetOnceAntigenPcrAndSymptomsAllAgree()
    {
        var (nurse, patient) = await PatientWithNurseAsync();
        var start = DateTimeOffset.UtcNow.AddDays(-6);
        using var started = await nurse.Client.PostJsonAsync($"/api/patients/{patient}/episodes", new { startedAt = Iso(start) });

        async Task<JsonElement> CriteriaAsync() =>
            (await nurse.Client.GetJsonAsync($"/api/patients/{patient}")).GetProperty("currentEpisode").GetProperty("endCriteria");

        async Task RecordAsync(object test)
        {
            using var response = await nurse.Client.PostJsonAsync($"/api/patients/{patient}/tests", test);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        await RecordAsync(new { kind = "pcr", takenAt = Iso(start.AddDays(1)), result = "negative", ct = 36 });
        await RecordAsync(new { kind = "pcr", takenAt = Iso(start.AddDays(2)), result = "negative", ct = 35 });
        Assert.False((await CriteriaAsync()).GetProperty("pcrConsecutiveCtAbove35").GetBoolean());

        await RecordAsync(new { kind = "pcr", takenAt = Iso(start.AddDays(3)), result = "negative", ct = 37 });
        await RecordAsync(new { kind = "pcr", takenAt = Iso(start.AddDays(3).AddHours(24)), result = "negative", ct = 38 });
        Assert.False((await CriteriaAsync()).GetProperty("pcrConsecutiveCtAbove35").GetBoolean());

        await RecordAsync(new { kind = "pcr", takenAt = Iso(start.AddDays(5).AddHours(1)), result = "negative", ct = 39 });
        await RecordAsync(new { kind = "antigen", takenAt = Iso(start.AddDays(5)), result = "negative" });
        var beforeSymptoms = await CriteriaAsync();
        Assert.True(beforeSymptoms.GetProperty("antigenNegative").GetBoolean());
        Assert.True(beforeSymptoms.GetProperty("pcrConsecutiveCtAbove35").GetBoolean());
        Assert.False(beforeSymptoms.GetProperty("symptomsImproved").GetBoolean());
        Assert.False(beforeSymptoms.GetProperty("met").GetBoolean());

        using var symptoms = await nurse.Client.PostJsonAsync($"/api/patients/{patient}/episodes/current/symptoms", new { improved = true });
        var episode = await symptoms.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, symptoms.StatusCode);
        Assert.True(episode.GetProperty("endCriteria").GetProperty("met").GetBoolean());
        Assert.True((await CriteriaAsync()).GetProperty("met").GetBoolean());
        var audit = await hub.AuditAsync("episode", episode.GetProperty("id").GetGuid().ToString());
        Assert.Equal(["episode.started", "episode.symptoms_assessed"], audit.Select(a => a.Action));
    }

    [Fact]
    public async Task TestsOfAPatientThatDoesNotExistAnswer404()
    {
        var admin = await hub.AdminAsync();
        var missing = Guid.NewGuid();

        using var record = await admin.PostJsonAsync($"/api/patients/{missing}/tests", new { kind = "antigen", takenAt = "2026-11-01T08:00:00Z", result = "negative" });
        using var start = await admin.PostJsonAsync($"/api/patients/{missing}/episodes", new { });
        using var list = await admin.GetResponseAsync($"/api/patients/{missing}/tests");
        using var episodes = await admin.GetResponseAsync($"/api/patients/{missing}/episodes");

        await record.AssertProblemAsync(HttpStatusCode.NotFound);
        await start.AssertProblemAsync(HttpStatusCode.NotFound);
        await list.AssertProblemAsync(HttpStatusCode.NotFound);
        await episodes.AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
