using System.Net;
using System.Net.Http.Headers;

namespace Monitoring.Hub.Tests.Infrastructure;

/// <summary>A registered device on a patient, as ingestion tests need it: its broker credentials and whom its readings belong to.</summary>
public sealed record TestDevice(string Id, string Secret, Guid PatientId, Guid ClinicId);

/// <summary>
/// Sets up the registry through the hub's own API (as the administrator), so ingestion tests
/// depend on the contract rather than on table layouts: clinic, patient, device, assignment.
/// Works against an in-process hub and against a hub running as a child process.
/// </summary>
public sealed class RegistrySeed(HttpClient admin)
{
    private Guid? _clinicId;

    public HttpClient Admin { get; } = admin;

    public static async Task<RegistrySeed> LoginAsync(HttpClient client, string username = HubFactory.AdminUsername, string password = HubFactory.AdminPassword)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.PostJsonAsync("/api/auth/login", new { username, password });
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"admin login answered {(int)response.StatusCode}: {body}");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("token").GetString());
        return new RegistrySeed(client);
    }

    public async Task<Guid> ClinicAsync()
    {
        if (_clinicId is { } id)
        {
            return id;
        }

        using var response = await Admin.PostJsonAsync("/api/clinics", new { name = $"Clinic {HubFixture.Unique()}", timeZone = "Asia/Shanghai" });
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"creating a clinic answered {(int)response.StatusCode}: {body}");
        _clinicId = body.GetProperty("id").GetGuid();
        return _clinicId.Value;
    }

    public async Task<Guid> PatientAsync(Guid? clinicId = null)
    {
        var patient = await HubFixture.CreatePatientAsync(Admin, clinicId ?? await ClinicAsync());
        return patient.GetProperty("id").GetGuid();
    }

    /// <summary>Registers a device (creating its broker account) without assigning it.</summary>
    public async Task<(string Id, string Secret)> RegisterDeviceAsync(Guid? clinicId = null, string? id = null)
    {
        id ??= $"ox-{HubFixture.Unique()}";
        using var response = await Admin.PostJsonAsync("/api/devices", new { id, kind = "oximeter", clinicId = clinicId ?? await ClinicAsync() });
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"registering device {id} answered {(int)response.StatusCode}: {body}");
        return (id, body.GetProperty("secret").GetString()!);
    }

    public async Task AssignAsync(string deviceId, Guid patientId)
    {
        using var response = await Admin.PostJsonAsync($"/api/devices/{deviceId}/assign", new { patientId });
        var body = await response.ReadJsonAsync();
        Assert.True(response.IsSuccessStatusCode, $"assigning {deviceId} answered {(int)response.StatusCode}: {body}");
    }

    public async Task UnassignAsync(string deviceId)
    {
        using var response = await Admin.PostJsonAsync($"/api/devices/{deviceId}/unassign", new { });
        var body = await response.ReadJsonAsync();
        Assert.True(response.IsSuccessStatusCode, $"unassigning {deviceId} answered {(int)response.StatusCode}: {body}");
    }

    /// <summary>A new patient with a new device on them.</summary>
    public async Task<TestDevice> AssignedDeviceAsync()
    {
        var clinicId = await ClinicAsync();
        var patientId = await PatientAsync(clinicId);
        var (id, secret) = await RegisterDeviceAsync(clinicId);
        await AssignAsync(id, patientId);
        return new TestDevice(id, secret, patientId, clinicId);
    }
}
