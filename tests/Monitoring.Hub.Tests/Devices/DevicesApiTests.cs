using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Hub.Devices;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Devices;

/// <summary>Device registry through the API, with the real broker of scripts/services.sh behind registration.</summary>
public sealed class DevicesApiTests(HubFixture hub) : IClassFixture<HubFixture>
{
    public static string NewDeviceId(string kind = "ox") => $"{kind}-{HubFixture.Unique()}";

    private async Task<JsonElement> RegisterAsync(HttpClient client, string id, string kind = "oximeter", Guid? clinicId = null)
    {
        using var response = await client.PostJsonAsync("/api/devices", new { id, kind, clinicId });
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"registering {id} answered {(int)response.StatusCode}: {body}");
        return body;
    }

    [Fact]
    public async Task RegisteringADeviceShowsItsSecretOnceAndStoresItNowhere()
    {
        var clinic = await hub.CreateClinicAsync();
        var admin = await hub.AdminAsync();
        var id = NewDeviceId();

        var registered = await RegisterAsync(admin, id, clinicId: clinic);

        var secret = registered.GetProperty("secret").GetString()!;
        Assert.Equal(43, secret.Length);
        Assert.Matches("^[A-Za-z0-9_-]+$", secret);
        Assert.Equal(id, registered.GetProperty("mqtt").GetProperty("username").GetString());
        Assert.Equal($"rpm/v1/devices/{id}/", registered.GetProperty("mqtt").GetProperty("topicPrefix").GetString());
        var read = await admin.GetJsonAsync($"/api/devices/{id}");
        Assert.False(read.TryGetProperty("secret", out _));
        Assert.Equal("active", read.GetProperty("status").GetString());
        var audit = Assert.Single(await hub.AuditAsync("device", id));
        Assert.Equal("device.registered", audit.Action);
        Assert.DoesNotContain(secret, audit.After!.Value.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(0, await hub.CountAsync(
            "SELECT count(*) FROM audit_log WHERE after::text LIKE '%' || @secret || '%' OR before::text LIKE '%' || @secret || '%'", ("secret", secret)));
    }

    [Fact]
    public async Task ADoctorsDeviceBelongsToTheDoctorsClinic()
    {
        var clinic = await hub.CreateClinicAsync();
        var doctor = await hub.CreateDoctorAsync(clinic);

        var registered = await RegisterAsync(doctor.Client, NewDeviceId("th"), "thermometer");

        Assert.Equal(clinic, registered.GetProperty("clinicId").GetGuid());
        Assert.Equal("thermometer", registered.GetProperty("kind").GetString());
    }

    public static TheoryData<string, string> InvalidBodies() => new()
    {
        { """{"kind":"oximeter","clinicId":"{clinic}"}""", "id" },
        { """{"id":"OX-0001","kind":"oximeter","clinicId":"{clinic}"}""", "id" },
        { """{"id":"ox","kind":"oximeter","clinicId":"{clinic}"}""", "id" },
        { """{"id":"ox/0001","kind":"oximeter","clinicId":"{clinic}"}""", "id" },
        { """{"id":"ox+","kind":"oximeter","clinicId":"{clinic}"}""", "id" },
        { """{"id":"ox-#","kind":"oximeter","clinicId":"{clinic}"}""", "id" },
        { """{"id":"ox 0001","kind":"oximeter","clinicId":"{clinic}"}""", "id" },
        { """{"id":"-ox-0001","kind":"oximeter","clinicId":"{clinic}"}""", "id" },
        { """{"id":"ox_0001","kind":"oximeter","clinicId":"{clinic}"}""", "id" },
        { $$"""{"id":"{{new string('a', 65)}}","kind":"oximeter","clinicId":"{clinic}"}""", "id" },
        { """{"id":42,"kind":"oximeter","clinicId":"{clinic}"}""", "id" },
        { """{"id":"ox-{unique}","clinicId":"{clinic}"}""", "kind" },
        { """{"id":"ox-{unique}","kind":"scale","clinicId":"{clinic}"}""", "kind" },
        { """{"id":"ox-{unique}","kind":"oximeter"}""", "clinicId" },
        { """{"id":"ox-{unique}","kind":"oximeter","clinicId":"7b1c3f9e-0000-4000-8000-000000000000"}""", "clinicId" },
        { """{"id":"ox-{unique}","kind":"oximeter","clinicId":"{clinic}",""", "body" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task InvalidDeviceBodiesAnswer400NamingTheFieldAndRegisterNothing(string template, string field)
    {
        var clinic = await hub.CreateClinicAsync();
        var admin = await hub.AdminAsync();
        var devices = await hub.CountAsync("SELECT count(*) FROM devices");
        var json = template.Replace("{clinic}", clinic.ToString(), StringComparison.Ordinal).Replace("{unique}", HubFixture.Unique(), StringComparison.Ordinal);

        using var response = await admin.PostRawAsync("/api/devices", json);

        await response.AssertValidationProblemAsync(field);
        Assert.Equal(devices, await hub.CountAsync("SELECT count(*) FROM devices"));
    }

    [Fact]
    public async Task RegisteringAnIdTwiceAnswers409()
    {
        var clinic = await hub.CreateClinicAsync();
        var admin = await hub.AdminAsync();
        var id = NewDeviceId();
        await RegisterAsync(admin, id, clinicId: clinic);

        using var again = await admin.PostJsonAsync("/api/devices", new { id, kind = "wearable", clinicId = clinic });

        await again.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("oximeter", (await admin.GetJsonAsync($"/api/devices/{id}")).GetProperty("kind").GetString());
    }

    [Fact]
    public async Task AnIdTheBrokerUsesForAnotherAccountAnswers409AndStoresNothing()
    {
        var clinic = await hub.CreateClinicAsync();
        var admin = await hub.AdminAsync();

        using var response = await admin.PostJsonAsync("/api/devices", new { id = "hub", kind = "oximeter", clinicId = clinic });

        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("broker", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await hub.CountAsync("SELECT count(*) FROM devices WHERE id = 'hub'"));
    }

    [Fact]
    public async Task AssigningAndUnassigningKeepsTheHistoryThatIngestionAsksAbout()
    {
        var clinic = await hub.CreateClinicAsync();
        var nurse = await hub.CreateNurseAsync(clinic);
        var doctor = await hub.CreateDoctorAsync(clinic);
        var first = (await HubFixture.CreatePatientAsync(nurse.Client, clinic)).GetProperty("id").GetGuid();
        var second = (await HubFixture.CreatePatientAsync(nurse.Client, clinic)).GetProperty("id").GetGuid();
        var id = NewDeviceId();
        await RegisterAsync(doctor.Client, id);

        using var assign = await nurse.Client.PostJsonAsync($"/api/devices/{id}/assign", new { patientId = first });
        var assigned = await assign.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, assign.StatusCode);
        Assert.Equal(first, assigned.GetProperty("patientId").GetGuid());

        using var unassign = await nurse.Client.PostJsonAsync($"/api/devices/{id}/unassign", new { });
        Assert.Equal(HttpStatusCode.OK, unassign.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await unassign.ReadJsonAsync()).GetProperty("patientId").ValueKind);

        using var reassign = await nurse.Client.PostJsonAsync($"/api/devices/{id}/assign", new { patientId = second });
        Assert.Equal(HttpStatusCode.OK, reassign.StatusCode);

        var history = (await nurse.Client.GetJsonAsync($"/api/devices/{id}/assignments")).EnumerateArray().ToList();
        Assert.Equal([second, first], history.Select(h => h.GetProperty("patientId").GetGuid()));
        Assert.Equal(JsonValueKind.Null, history[0].GetProperty("toAt").ValueKind);
        var firstFrom = history[1].GetProperty("fromAt").GetDateTimeOffset();
        var firstTo = history[1].GetProperty("toAt").GetDateTimeOffset();
        var secondFrom = history[0].GetProperty("fromAt").GetDateTimeOffset();

        var assignments = hub.Factory.Services.GetRequiredService<DeviceAssignments>();
        var ct = TestContext.Current.CancellationToken;
        Assert.Null(await assignments.FindPatientAtAsync(id, firstFrom.AddTicks(-10), ct));
        Assert.Equal(first, (await assignments.FindPatientAtAsync(id, firstFrom, ct))?.PatientId);
        Assert.Equal(clinic, (await assignments.FindPatientAtAsync(id, firstFrom, ct))?.ClinicId);
        Assert.Null(await assignments.FindPatientAtAsync(id, firstTo, ct));
        Assert.Equal(second, (await assignments.FindPatientAtAsync(id, secondFrom.AddHours(1), ct))?.PatientId);
        Assert.Null(await assignments.FindPatientAtAsync("no-such-device", secondFrom, ct));

        var audit = await hub.AuditAsync("device", id);
        Assert.Equal(["device.registered", "device.assigned", "device.unassigned", "device.assigned"], audit.Select(a => a.Action));
        Assert.Equal(nurse.Username, audit[1].ActorUsername);
    }

    [Fact]
    public async Task TheDeviceListFiltersByThePatientWearingThemNow()
    {
        var clinic = await hub.CreateClinicAsync();
        var nurse = await hub.CreateNurseAsync(clinic);
        var doctor = await hub.CreateDoctorAsync(clinic);
        var stranger = await hub.CreateNurseAsync(await hub.CreateClinicAsync());
        var patient = (await HubFixture.CreatePatientAsync(nurse.Client, clinic)).GetProperty("id").GetGuid();
        var worn = NewDeviceId();
        var returned = NewDeviceId("th");
        var free = NewDeviceId();
        foreach (var id in new[] { worn, returned, free })
        {
            await RegisterAsync(doctor.Client, id);
        }

        foreach (var id in new[] { worn, returned })
        {
            using var assign = await nurse.Client.PostJsonAsync($"/api/devices/{id}/assign", new { patientId = patient });
            Assert.Equal(HttpStatusCode.OK, assign.StatusCode);
        }

        using (var unassign = await nurse.Client.PostJsonAsync($"/api/devices/{returned}/unassign", new { }))
        {
            Assert.Equal(HttpStatusCode.OK, unassign.StatusCode);
        }

        var ofPatient = (await nurse.Client.GetJsonAsync($"/api/devices?patientId={patient}")).EnumerateArray().Select(d => d.GetProperty("id").GetString()).ToList();
        var seenByStranger = (await stranger.Client.GetJsonAsync($"/api/devices?patientId={patient}")).EnumerateArray().ToList();
        using var bad = await nurse.Client.GetResponseAsync("/api/devices?patientId=nobody");

        Assert.Equal([worn], ofPatient);
        Assert.Empty(seenByStranger);
        await bad.AssertValidationProblemAsync("patientId");
    }

    [Fact]
    public async Task ADeviceOnAnotherPatientAnswers409NamingThatPatient()
    {
        var clinic = await hub.CreateClinicAsync();
        var admin = await hub.AdminAsync();
        var first = (await HubFixture.CreatePatientAsync(admin, clinic)).GetProperty("id").GetGuid();
        var second = (await HubFixture.CreatePatientAsync(admin, clinic)).GetProperty("id").GetGuid();
        var id = NewDeviceId();
        await RegisterAsync(admin, id, clinicId: clinic);
        using var assign = await admin.PostJsonAsync($"/api/devices/{id}/assign", new { patientId = first });

        using var again = await admin.PostJsonAsync($"/api/devices/{id}/assign", new { patientId = first });
        using var other = await admin.PostJsonAsync($"/api/devices/{id}/assign", new { patientId = second });

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var problem = await other.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains(first.ToString(), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, (await hub.AuditAsync("device", id)).Count);
    }

    [Fact]
    public async Task AssignmentNeedsAPatientOfTheDevicesClinic()
    {
        var clinic = await hub.CreateClinicAsync();
        var otherClinic = await hub.CreateClinicAsync();
        var admin = await hub.AdminAsync();
        var foreignPatient = (await HubFixture.CreatePatientAsync(admin, otherClinic)).GetProperty("id").GetGuid();
        var id = NewDeviceId();
        await RegisterAsync(admin, id, clinicId: clinic);

        using var foreign = await admin.PostJsonAsync($"/api/devices/{id}/assign", new { patientId = foreignPatient });
        using var missing = await admin.PostJsonAsync($"/api/devices/{id}/assign", new { patientId = Guid.NewGuid() });
        using var noPatient = await admin.PostJsonAsync($"/api/devices/{id}/assign", new { });
        using var badPatient = await admin.PostRawAsync($"/api/devices/{id}/assign", """{"patientId":"someone"}""");
        using var unknownDevice = await admin.PostJsonAsync($"/api/devices/{NewDeviceId()}/assign", new { patientId = foreignPatient });

        await foreign.AssertValidationProblemAsync("patientId");
        await missing.AssertValidationProblemAsync("patientId");
        await noPatient.AssertValidationProblemAsync("patientId");
        await badPatient.AssertValidationProblemAsync("patientId");
        await unknownDevice.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, await hub.CountAsync("SELECT count(*) FROM device_assignments WHERE device_id = @id", ("id", id)));
    }

    [Fact]
    public async Task UnassigningADeviceOnNobodyAnswers409()
    {
        var clinic = await hub.CreateClinicAsync();
        var admin = await hub.AdminAsync();
        var id = NewDeviceId();
        await RegisterAsync(admin, id, clinicId: clinic);

        using var response = await admin.PostJsonAsync($"/api/devices/{id}/unassign", new { });

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task RevokingEndsTheAssignmentAndARevokedDeviceCannotBeAssignedOrRevokedAgain()
    {
        var clinic = await hub.CreateClinicAsync();
        var doctor = await hub.CreateDoctorAsync(clinic);
        var patient = (await HubFixture.CreatePatientAsync(doctor.Client, clinic)).GetProperty("id").GetGuid();
        var id = NewDeviceId();
        await RegisterAsync(doctor.Client, id);
        using var assign = await doctor.Client.PostJsonAsync($"/api/devices/{id}/assign", new { patientId = patient });

        using var revoke = await doctor.Client.PostAsync(new Uri($"/api/devices/{id}/revoke", UriKind.Relative), null, TestContext.Current.CancellationToken);

        var revoked = await revoke.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal("revoked", revoked.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, revoked.GetProperty("patientId").ValueKind);
        Assert.Equal(0, await hub.CountAsync("SELECT count(*) FROM device_assignments WHERE device_id = @id AND to_at IS NULL", ("id", id)));
        var audit = await hub.AuditAsync("device", id);
        Assert.Equal("device.revoked", audit[^1].Action);
        Assert.Equal(patient, audit[^1].Before!.Value.GetProperty("patientId").GetGuid());

        using var again = await doctor.Client.PostAsync(new Uri($"/api/devices/{id}/revoke", UriKind.Relative), null, TestContext.Current.CancellationToken);
        using var reassign = await doctor.Client.PostJsonAsync($"/api/devices/{id}/assign", new { patientId = patient });
        await again.AssertProblemAsync(HttpStatusCode.Conflict);
        await reassign.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task NursesAssignDevicesButCannotRegisterOrRevokeThem()
    {
        var clinic = await hub.CreateClinicAsync();
        var nurse = await hub.CreateNurseAsync(clinic);
        var id = NewDeviceId();
        await RegisterAsync(await hub.AdminAsync(), id, clinicId: clinic);

        using var register = await nurse.Client.PostJsonAsync("/api/devices", new { id = NewDeviceId(), kind = "oximeter" });
        using var revoke = await nurse.Client.PostAsync(new Uri($"/api/devices/{id}/revoke", UriKind.Relative), null, TestContext.Current.CancellationToken);

        await register.AssertProblemAsync(HttpStatusCode.Forbidden);
        await revoke.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("active", (await nurse.Client.GetJsonAsync($"/api/devices/{id}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task APatientWithADeviceCannotMoveToAnotherClinic()
    {
        var clinic = await hub.CreateClinicAsync();
        var otherClinic = await hub.CreateClinicAsync();
        var admin = await hub.AdminAsync();
        var created = await HubFixture.CreatePatientAsync(admin, clinic);
        var patient = created.GetProperty("id").GetGuid();
        var id = NewDeviceId();
        await RegisterAsync(admin, id, clinicId: clinic);
        using var assign = await admin.PostJsonAsync($"/api/devices/{id}/assign", new { patientId = patient });
        var body = HubFixture.PatientBody(otherClinic);
        body["name"] = created.GetProperty("name").GetString();

        using var move = await admin.PutJsonAsync($"/api/patients/{patient}", body);

        var problem = await move.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains(id, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(clinic, (await admin.GetJsonAsync($"/api/patients/{patient}")).GetProperty("clinicId").GetGuid());
    }

    [Fact]
    public async Task TheInventoryCountsIssuedFreeAndRevokedDevicesAgainstTheOximeterTarget()
    {
        var clinic = await hub.CreateClinicAsync();
        var admin = await hub.AdminAsync();
        var patient = (await HubFixture.CreatePatientAsync(admin, clinic)).GetProperty("id").GetGuid();
        var issued = NewDeviceId();
        var free = NewDeviceId();
        var revoked = NewDeviceId();
        var thermometer = NewDeviceId("th");
        foreach (var id in new[] { issued, free, revoked })
        {
            await RegisterAsync(admin, id, clinicId: clinic);
        }

        await RegisterAsync(admin, thermometer, "thermometer", clinic);
        using var assign = await admin.PostJsonAsync($"/api/devices/{issued}/assign", new { patientId = patient });
        using var revoke = await admin.PostAsync(new Uri($"/api/devices/{revoked}/revoke", UriKind.Relative), null, TestContext.Current.CancellationToken);

        var inventory = await admin.GetJsonAsync($"/api/clinics/{clinic}/inventory");

        Assert.Equal(4, inventory.GetProperty("total").GetInt32());
        Assert.Equal(1, inventory.GetProperty("issued").GetInt32());
        Assert.Equal(2, inventory.GetProperty("free").GetInt32());
        Assert.Equal(1, inventory.GetProperty("revoked").GetInt32());
        Assert.Equal(2, inventory.GetProperty("oximeters").GetInt32());
        Assert.Equal(20, inventory.GetProperty("oximeterTarget").GetInt32());
        Assert.Equal(18, inventory.GetProperty("oximetersShort").GetInt32());
        // silent / lowBattery come from live device status (the alarm engine); null while it is not tracked.
        foreach (var live in new[] { "silent", "lowBattery" })
        {
            if (inventory.GetProperty("liveStatusTracked").GetBoolean())
            {
                Assert.InRange(inventory.GetProperty(live).GetInt32(), 0, 4);
            }
            else
            {
                Assert.Equal(JsonValueKind.Null, inventory.GetProperty(live).ValueKind);
            }
        }

        var oximeters = inventory.GetProperty("byKind").EnumerateArray().Single(k => k.GetProperty("kind").GetString() == "oximeter");
        Assert.Equal(1, oximeters.GetProperty("revoked").GetInt32());

        var list = await admin.GetJsonAsync($"/api/devices?clinicId={clinic}&status=active&kind=oximeter");
        Assert.Equal(new[] { free, issued }.Order(), list.EnumerateArray().Select(d => d.GetProperty("id").GetString()!).Order());
    }

    [Theory]
    [InlineData("?kind=scale", "kind")]
    [InlineData("?status=lost", "status")]
    [InlineData("?clinicId=1", "clinicId")]
    public async Task BadDeviceListFiltersAnswer400NamingTheParameter(string query, string field)
    {
        using var response = await (await hub.AdminAsync()).GetResponseAsync("/api/devices" + query);

        await response.AssertValidationProblemAsync(field);
    }
}
