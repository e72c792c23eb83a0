using System.Net;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Registry;

/// <summary>
/// A nurse (or doctor) of clinic B sees nothing of clinic A: reads answer 404 (not 403, so ids of
/// other clinics cannot be probed), lists leave A out, and changes are refused without effect.
/// </summary>
public sealed class ClinicIsolationTests(HubFixture hub) : IClassFixture<HubFixture>
{
    private sealed record TwoClinics(Guid ClinicA, Guid ClinicB, Guid PatientA, Guid PatientB, TestUser NurseA, TestUser NurseB, TestUser DoctorB);

    private async Task<TwoClinics> SetUpAsync()
    {
        var clinicA = await hub.CreateClinicAsync();
        var clinicB = await hub.CreateClinicAsync();
        var nurseA = await hub.CreateNurseAsync(clinicA);
        var nurseB = await hub.CreateNurseAsync(clinicB);
        var doctorB = await hub.CreateDoctorAsync(clinicB);
        var patientA = (await HubFixture.CreatePatientAsync(nurseA.Client, clinicA)).GetProperty("id").GetGuid();
        var patientB = (await HubFixture.CreatePatientAsync(nurseB.Client, clinicB)).GetProperty("id").GetGuid();
        return new TwoClinics(clinicA, clinicB, patientA, patientB, nurseA, nurseB, doctorB);
    }

    [Fact]
    public async Task ANurseOfClinicBCannotReadAnythingOfClinicA()
    {
        var s = await SetUpAsync();
        using var start = await s.NurseA.Client.PostJsonAsync($"/api/patients/{s.PatientA}/episodes", new { });

        foreach (var path in new[]
        {
            $"/api/patients/{s.PatientA}",
            $"/api/patients/{s.PatientA}/episodes",
            $"/api/patients/{s.PatientA}/tests",
            $"/api/clinics/{s.ClinicA}",
            $"/api/clinics/{s.ClinicA}/inventory",
        })
        {
            using var response = await s.NurseB.Client.GetResponseAsync(path);
            await response.AssertProblemAsync(HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task ANurseOfClinicBListsOnlyClinicB()
    {
        var s = await SetUpAsync();

        var all = await s.NurseB.Client.GetJsonAsync("/api/patients");
        var askingForA = await s.NurseB.Client.GetJsonAsync($"/api/patients?clinicId={s.ClinicA}");
        var clinics = await s.NurseB.Client.GetJsonAsync("/api/clinics");
        var devices = await s.NurseB.Client.GetJsonAsync($"/api/devices?clinicId={s.ClinicA}");

        Assert.Equal([s.PatientB], all.EnumerateArray().Select(p => p.GetProperty("id").GetGuid()));
        Assert.Equal(0, askingForA.GetArrayLength());
        Assert.Equal([s.ClinicB], clinics.EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
        Assert.Equal(0, devices.GetArrayLength());
    }

    [Fact]
    public async Task ANurseOfClinicBCannotChangeAnythingOfClinicA()
    {
        var s = await SetUpAsync();
        var before = await s.NurseA.Client.GetJsonAsync($"/api/patients/{s.PatientA}");
        var audit = await hub.CountAsync("SELECT count(*) FROM audit_log");

        using var update = await s.NurseB.Client.PutJsonAsync($"/api/patients/{s.PatientA}", HubFixture.PatientBody(s.ClinicB));
        using var episode = await s.NurseB.Client.PostJsonAsync($"/api/patients/{s.PatientA}/episodes", new { });
        using var test = await s.NurseB.Client.PostJsonAsync($"/api/patients/{s.PatientA}/tests",
            new { kind = "antigen", takenAt = "2026-11-01T08:00:00Z", result = "negative" });
        using var end = await s.NurseB.Client.PostJsonAsync($"/api/patients/{s.PatientA}/episodes/current/end", new { reason = "not mine" });

        await update.AssertProblemAsync(HttpStatusCode.NotFound);
        await episode.AssertProblemAsync(HttpStatusCode.NotFound);
        await test.AssertProblemAsync(HttpStatusCode.NotFound);
        await end.AssertProblemAsync(HttpStatusCode.NotFound);
        var after = await s.NurseA.Client.GetJsonAsync($"/api/patients/{s.PatientA}");
        Assert.Equal(before.GetRawText(), after.GetRawText());
        Assert.Equal(audit, await hub.CountAsync("SELECT count(*) FROM audit_log"));
    }

    [Fact]
    public async Task ANurseCannotCreateAPatientInOrMoveOneToAnotherClinic()
    {
        var s = await SetUpAsync();
        var patients = await hub.CountAsync("SELECT count(*) FROM patients");

        using var create = await s.NurseB.Client.PostJsonAsync("/api/patients", HubFixture.PatientBody(s.ClinicA));
        using var move = await s.NurseB.Client.PutJsonAsync($"/api/patients/{s.PatientB}", HubFixture.PatientBody(s.ClinicA));

        await create.AssertValidationProblemAsync("clinicId");
        await move.AssertValidationProblemAsync("clinicId");
        Assert.Equal(patients, await hub.CountAsync("SELECT count(*) FROM patients"));
        Assert.Equal(s.ClinicB, (await s.NurseB.Client.GetJsonAsync($"/api/patients/{s.PatientB}")).GetProperty("clinicId").GetGuid());
    }

    [Fact]
    public async Task ANurseCannotCreateUsersClinicsOrDevices()
    {
        var s = await SetUpAsync();

        using var user = await s.NurseB.Client.PostJsonAsync("/api/users",
            new { username = "x-" + HubFixture.Unique(), password = "a-good-password", role = "nurse", clinicId = s.ClinicB });
        using var clinic = await s.NurseB.Client.PostJsonAsync("/api/clinics", new { name = "x " + HubFixture.Unique(), timeZone = "Asia/Shanghai" });
        using var device = await s.NurseB.Client.PostJsonAsync("/api/devices", new { id = "ox-" + HubFixture.Unique(), kind = "oximeter" });

        await user.AssertProblemAsync(HttpStatusCode.Forbidden);
        await clinic.AssertProblemAsync(HttpStatusCode.Forbidden);
        await device.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ADoctorOfClinicBCannotRegisterADeviceForClinicA()
    {
        var s = await SetUpAsync();
        var devices = await hub.CountAsync("SELECT count(*) FROM devices");

        using var response = await s.DoctorB.Client.PostJsonAsync("/api/devices",
            new { id = "ox-" + HubFixture.Unique(), kind = "oximeter", clinicId = s.ClinicA });

        await response.AssertValidationProblemAsync("clinicId");
        Assert.Equal(devices, await hub.CountAsync("SELECT count(*) FROM devices"));
    }

    [Fact]
    public async Task AnAdministratorSeesEveryClinic()
    {
        var s = await SetUpAsync();
        var admin = await hub.AdminAsync();

        var patientA = await admin.GetJsonAsync($"/api/patients/{s.PatientA}");
        var patientB = await admin.GetJsonAsync($"/api/patients/{s.PatientB}");

        Assert.Equal(s.ClinicA, patientA.GetProperty("clinicId").GetGuid());
        Assert.Equal(s.ClinicB, patientB.GetProperty("clinicId").GetGuid());
    }
}
