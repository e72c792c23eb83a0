using System.Net;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Devices;

public sealed class DeadBrokerTests(DeadBrokerFixture hub) : IClassFixture<DeadBrokerFixture>
{
    [Fact]
    public async Task RegistrationWhileTheBrokerIsDownAnswers503AndStoresNothing()
    {
        var clinic = await hub.CreateClinicAsync();
        var admin = await hub.AdminAsync();
        var id = DevicesApiTests.NewDeviceId();

        using var response = await admin.PostJsonAsync("/api/devices", new { id, kind = "oximeter", clinicId = clinic });

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(0, await hub.CountAsync("SELECT count(*) FROM devices WHERE id = @id", ("id", id)));
        Assert.Empty(await hub.AuditAsync("device", id));
    }

    [Fact]
    public async Task RevocationWhileTheBrokerIsDownAnswers503AndLeavesTheDeviceActive()
    {
        var clinic = await hub.CreateClinicAsync();
        var id = DevicesApiTests.NewDeviceId();
        await using (var insert = hub.Database.DataSource.CreateCommand(
            "INSERT INTO devices (id, kind, clinic_id, registered_at) VALUES (@id, 'oximeter', @clinic, now())"))
        {
            insert.Parameters.AddWithValue("id", id);
            insert.Parameters.AddWithValue("clinic", clinic);
            await insert.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var admin = await hub.AdminAsync();
        using var response = await admin.PostAsync(new Uri($"/api/devices/{id}/revoke", UriKind.Relative), null, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("active", (await admin.GetJsonAsync($"/api/devices/{id}")).GetProperty("status").GetString());
        Assert.Empty(await hub.AuditAsync("device", id));
    }

    [Fact]
    public async Task EverythingElseStillWorksWithoutTheBroker()
    {
        var clinic = await hub.CreateClinicAsync();
        var nurse = await hub.CreateNurseAsync(clinic);

        var patient = await HubFixture.CreatePatientAsync(nurse.Client, clinic);

        Assert.Equal("green", patient.GetProperty("riskTier").GetString());
    }
}
