using System.Net;
using System.Text.Json;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Api;

/// <summary>Paging, sorting and search of the list endpoints (issue 19), on the real PostgreSQL.</summary>
public sealed class PagingApiTests(HubFixture hub) : IClassFixture<HubFixture>
{
    [Fact]
    public async Task APageOfPatientsCarriesItsRowsTheTotalAndWhichPageItIs()
    {
        var clinic = await hub.CreateClinicAsync();
        var nurse = await hub.CreateNurseAsync(clinic);
        var tag = HubFixture.Unique();
        foreach (var n in new[] { 5, 2, 7, 1, 4, 6, 3 })
        {
            await HubFixture.CreatePatientAsync(nurse.Client, clinic, new Dictionary<string, object?> { ["name"] = $"Paging {tag} {n:00}" });
        }

        var page = await nurse.Client.GetJsonAsync("/api/patients?page=2&pageSize=3&sort=name");

        Assert.Equal(7, page.GetProperty("total").GetInt32());
        Assert.Equal(2, page.GetProperty("page").GetInt32());
        Assert.Equal(3, page.GetProperty("pageSize").GetInt32());
        Assert.Equal([$"Paging {tag} 04", $"Paging {tag} 05", $"Paging {tag} 06"], Names(page.GetProperty("items")));

        var last = await nurse.Client.GetJsonAsync("/api/patients?page=3&pageSize=3&sort=name&order=desc");
        Assert.Equal([$"Paging {tag} 01"], Names(last.GetProperty("items")));
        Assert.Equal(7, last.GetProperty("total").GetInt32());

        var beyond = await nurse.Client.GetJsonAsync("/api/patients?page=9&pageSize=3");
        Assert.Empty(beyond.GetProperty("items").EnumerateArray());
        Assert.Equal(7, beyond.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task WithoutPageOrPageSizeTheListStaysThePlainArrayScriptsReadToday()
    {
        var clinic = await hub.CreateClinicAsync();
        var nurse = await hub.CreateNurseAsync(clinic);
        await HubFixture.CreatePatientAsync(nurse.Client, clinic);

        var list = await nurse.Client.GetJsonAsync("/api/patients?sort=name&q=Patient");

        Assert.Equal(JsonValueKind.Array, list.ValueKind);
        Assert.Single(list.EnumerateArray());
    }

    [Fact]
    public async Task SearchFindsAPatientByPartOfTheNameByIdAndByTheDeviceOnThemNow()
    {
        var seed = await RegistrySeed.LoginAsync(hub.Anonymous());
        var clinic = await hub.CreateClinicAsync();
        var nurse = await hub.CreateNurseAsync(clinic);
        var tag = HubFixture.Unique();
        var wang = (await HubFixture.CreatePatientAsync(nurse.Client, clinic, new Dictionary<string, object?> { ["name"] = $"王芳 {tag}" })).GetProperty("id").GetGuid();
        var li = (await HubFixture.CreatePatientAsync(nurse.Client, clinic, new Dictionary<string, object?> { ["name"] = $"李娜 {tag}" })).GetProperty("id").GetGuid();
        var (device, _) = await seed.RegisterDeviceAsync(clinic, $"ox-find-{tag}");
        await seed.AssignAsync(device, li);

        Assert.Equal([wang], Ids(await nurse.Client.GetJsonAsync($"/api/patients?page=1&q={Uri.EscapeDataString("王芳")}"), items: true));
        Assert.Equal([li], Ids(await nurse.Client.GetJsonAsync($"/api/patients?page=1&q={li.ToString()[..13]}"), items: true));
        Assert.Equal([li], Ids(await nurse.Client.GetJsonAsync($"/api/patients?page=1&q=find-{tag}"), items: true));
        // A LIKE wildcard in the search is a character, not "anything".
        Assert.Empty(Ids(await nurse.Client.GetJsonAsync("/api/patients?page=1&q=%25"), items: true));

        var devices = await nurse.Client.GetJsonAsync($"/api/devices?page=1&q={Uri.EscapeDataString("李娜")}");
        Assert.Equal(device, Assert.Single(devices.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(1, devices.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task PagesSearchAndTotalsNeverReachIntoAnotherClinic()
    {
        var seed = await RegistrySeed.LoginAsync(hub.Anonymous());
        var clinicA = await hub.CreateClinicAsync();
        var clinicB = await hub.CreateClinicAsync();
        var nurseA = await hub.CreateNurseAsync(clinicA);
        var nurseB = await hub.CreateNurseAsync(clinicB);
        var tag = HubFixture.Unique();
        var patient = (await HubFixture.CreatePatientAsync(nurseA.Client, clinicA, new Dictionary<string, object?> { ["name"] = $"Isolated {tag}" })).GetProperty("id").GetGuid();
        using (var episode = await nurseA.Client.PostJsonAsync($"/api/patients/{patient}/episodes", new { }))
        {
            Assert.Equal(HttpStatusCode.Created, episode.StatusCode);
        }

        var (device, _) = await seed.RegisterDeviceAsync(clinicA, $"ox-iso-{tag}");
        await seed.AssignAsync(device, patient);

        foreach (var path in new[] { $"/api/patients?page=1&q={tag}", $"/api/devices?page=1&q={tag}", $"/api/worklist?page=1&q={tag}" })
        {
            var own = await nurseA.Client.GetJsonAsync(path);
            Assert.Equal(1, own.GetProperty("total").GetInt32());
            var other = await nurseB.Client.GetJsonAsync(path);
            Assert.Equal(0, other.GetProperty("total").GetInt32());
            Assert.Empty(other.GetProperty("items").EnumerateArray());
        }

        var named = await nurseB.Client.GetJsonAsync($"/api/patients?page=1&clinicId={clinicA}");
        Assert.Equal(0, named.GetProperty("total").GetInt32());
        var admin = await hub.AdminAsync();
        Assert.Equal(1, (await admin.GetJsonAsync($"/api/patients?page=1&q={tag}")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task TheWorklistPagesItsUrgencyOrderAndSortsByName()
    {
        var clinic = await hub.CreateClinicAsync();
        var nurse = await hub.CreateNurseAsync(clinic);
        var tag = HubFixture.Unique();
        // Red (70, unstable: R2) and green (50, none: G1) patients in home treatment.
        var red = await HubFixture.CreatePatientAsync(nurse.Client, clinic, new Dictionary<string, object?>
        {
            ["name"] = $"B red {tag}",
            ["birthDate"] = HubFixture.BirthDateForAge(70),
            ["underlyingDisease"] = "unstable",
        });
        var green = await HubFixture.CreatePatientAsync(nurse.Client, clinic, new Dictionary<string, object?> { ["name"] = $"A green {tag}" });
        foreach (var p in new[] { red, green })
        {
            using var episode = await nurse.Client.PostJsonAsync($"/api/patients/{p.GetProperty("id").GetGuid()}/episodes", new { });
            Assert.Equal(HttpStatusCode.Created, episode.StatusCode);
        }

        var urgent = await nurse.Client.GetJsonAsync("/api/worklist?page=1&pageSize=1");
        Assert.Equal(2, urgent.GetProperty("total").GetInt32());
        Assert.Equal($"B red {tag}", Assert.Single(urgent.GetProperty("items").EnumerateArray()).GetProperty("patientName").GetString());

        var byName = await nurse.Client.GetJsonAsync("/api/worklist?page=1&sort=name");
        Assert.Equal([$"A green {tag}", $"B red {tag}"],
            byName.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("patientName").GetString()!).ToArray());
        var plain = await nurse.Client.GetJsonAsync("/api/worklist");
        Assert.Equal(JsonValueKind.Array, plain.ValueKind);
    }

    [Theory]
    [InlineData("/api/patients?page=0", "page")]
    [InlineData("/api/patients?page=abc", "page")]
    [InlineData("/api/patients?pageSize=501", "pageSize")]
    [InlineData("/api/patients?pageSize=0", "pageSize")]
    [InlineData("/api/patients?sort=birth_date", "sort")]
    [InlineData("/api/patients?order=up", "order")]
    [InlineData("/api/devices?page=-1", "page")]
    [InlineData("/api/devices?sort=name", "sort")]
    [InlineData("/api/worklist?pageSize=1000", "pageSize")]
    [InlineData("/api/worklist?order=descending", "order")]
    public async Task ABadPagingParameterIsA400NamingIt(string path, string field)
    {
        var admin = await hub.AdminAsync();

        using var response = await admin.GetResponseAsync(path);

        await response.AssertValidationProblemAsync(field);
    }

    [Fact]
    public async Task ASearchLongerThanAHundredCharactersIsA400NamingQ()
    {
        var admin = await hub.AdminAsync();

        using var response = await admin.GetResponseAsync($"/api/patients?page=1&q={new string('x', 101)}");

        await response.AssertValidationProblemAsync("q");
    }

    [Fact]
    public async Task TheAlarmSummaryCountsTheSameOpenAlarmsAsTheListAndOnlyTheCallersClinic()
    {
        var clinicA = await hub.CreateClinicAsync();
        var clinicB = await hub.CreateClinicAsync();
        var nurseA = await hub.CreateNurseAsync(clinicA);
        var nurseB = await hub.CreateNurseAsync(clinicB);
        var one = (await HubFixture.CreatePatientAsync(nurseA.Client, clinicA)).GetProperty("id").GetGuid();
        var two = (await HubFixture.CreatePatientAsync(nurseA.Client, clinicA)).GetProperty("id").GetGuid();
        var other = (await HubFixture.CreatePatientAsync(nurseB.Client, clinicB)).GetProperty("id").GetGuid();
        var now = DateTimeOffset.UtcNow;
        var oldestHigh = now.AddMinutes(-30);
        await InsertAlarmAsync(one, clinicA, "spo2_low", "high", "active", oldestHigh);
        await InsertAlarmAsync(one, clinicA, "fever", "medium", "acknowledged", now.AddMinutes(-50));
        await InsertAlarmAsync(one, clinicA, "battery_low", "low", "resolved", now.AddMinutes(-90));
        await InsertAlarmAsync(two, clinicA, "symptom_reported", "high", "acknowledged", now.AddMinutes(-80));
        await InsertAlarmAsync(two, clinicA, "device_silent", "high", "active", now.AddMinutes(-10));
        await InsertAlarmAsync(other, clinicB, "spo2_low", "high", "active", now.AddHours(-5));

        var summary = await nurseA.Client.GetJsonAsync("/api/alarms/summary");
        var open = (await nurseA.Client.GetJsonAsync("/api/alarms?state=open")).EnumerateArray().ToList();

        Assert.Equal(open.Count, summary.GetProperty("open").GetInt32());
        Assert.Equal(4, summary.GetProperty("open").GetInt32());
        Assert.Equal(open.Count(a => a.GetProperty("priority").GetString() == "high"), summary.GetProperty("high").GetInt32());
        Assert.Equal(3, summary.GetProperty("high").GetInt32());
        Assert.Equal(1, summary.GetProperty("medium").GetInt32());
        Assert.Equal(0, summary.GetProperty("low").GetInt32());
        Assert.Equal(2, summary.GetProperty("unacknowledged").GetInt32());
        Assert.Equal(2, summary.GetProperty("patients").GetInt32());
        Assert.Equal(oldestHigh.ToUnixTimeSeconds(), summary.GetProperty("oldestUnacknowledgedHighSince").GetDateTimeOffset().ToUnixTimeSeconds());

        var otherSummary = await nurseB.Client.GetJsonAsync($"/api/alarms/summary?clinicId={clinicA}");
        Assert.Equal(0, otherSummary.GetProperty("open").GetInt32());
        Assert.Equal(JsonValueKind.Null, otherSummary.GetProperty("oldestUnacknowledgedHighSince").ValueKind);
        using var bad = await nurseA.Client.GetResponseAsync("/api/alarms/summary?clinicId=nope");
        await bad.AssertValidationProblemAsync("clinicId");
    }

    private async Task InsertAlarmAsync(Guid patient, Guid clinic, string kind, string priority, string state, DateTimeOffset raisedAt)
    {
        await using var command = hub.Database.DataSource.CreateCommand(
            """
            INSERT INTO alarms (id, patient_id, clinic_id, kind, priority, state, raised_at, active_since, first_observed_at, last_observed_at,
                                late, count, last_updated_at, condition_cleared, escalated, escalation_steps_fired, reminders_sent,
                                acknowledged_by, acknowledged_at, resolved_by, resolved_at)
            VALUES (@id, @patient, @clinic, @kind, @priority, @state, @at, @at, @at, @at, false, 1, @at, false, false, 0, 0,
                    CASE WHEN @state = 'acknowledged' THEN 'nurse' END, CASE WHEN @state = 'acknowledged' THEN @at END,
                    CASE WHEN @state = 'resolved' THEN 'nurse' END, CASE WHEN @state = 'resolved' THEN @at END)
            """);
        command.Parameters.AddWithValue("id", Guid.CreateVersion7());
        command.Parameters.AddWithValue("patient", patient);
        command.Parameters.AddWithValue("clinic", clinic);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("priority", priority);
        command.Parameters.AddWithValue("state", state);
        command.Parameters.AddWithValue("at", raisedAt);
        await command.ExecuteNonQueryAsync();
    }

    private static string[] Names(JsonElement items) => [.. items.EnumerateArray().Select(p => p.GetProperty("name").GetString()!)];

    private static Guid[] Ids(JsonElement page, bool items) =>
        [.. (items ? page.GetProperty("items") : page).EnumerateArray().Select(p => p.GetProperty("id").GetGuid())];
}
