using System.Net;
using System.Text.Json;
using Monitoring.Hub.Tests.Infrastructure;
using Monitoring.Hub.Tests.Ingestion;
using Monitoring.Hub.Tests.Realtime;

namespace Monitoring.Hub.Tests.Cluster;

/// <summary>
/// Three equal hub processes (docs/scale-out.md): a patient's grain lives on one of them (Orleans
/// says which), a wall on another hub gets its alarm through the SignalR backplane and its open
/// alarms and vitals in its snapshot through the realtime peers, a command taken by that other hub
/// goes straight to the grain, and a nurse of another clinic hears none of it.
/// </summary>
[Collection(IngestionCollection.Name)]
public sealed class ThreeHubTests(ThreeHubs hubs) : IClassFixture<ThreeHubs>
{
    private static bool IsFor(JsonElement payload, Guid patientId) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("patientId", out var id) && id.GetGuid() == patientId;

    private static string Normal(string deviceId) => RealtimeFixture.Senml(deviceId, ("spo2", 97), ("pr", 72));

    private static string Desaturation(string deviceId) => RealtimeFixture.Senml(deviceId, ("spo2", 89), ("spo2", 88));

    [Fact]
    public async Task AnAlarmOfAGrainOnOneHubReachesAWallOnAnotherItsSnapshotAndAnAcknowledgementThereButNoOtherClinic()
    {
        using var admin = await HubCluster.AdminAsync(hubs.Hubs[0]);
        var clinic = await HubCluster.ClinicAsync(admin);
        var otherClinic = await HubCluster.ClinicAsync(admin);
        var nurse = await HubCluster.NurseAsync(admin, clinic);
        var otherNurse = await HubCluster.NurseAsync(admin, otherClinic);
        await using var locator = await GrainLocator.ConnectAsync(hubs);

        // Orleans places a patient's grain where it likes (it may prefer the hub whose call activated
        // it): find where this one lives, then open the walls on a hub that does not hold it.
        var device = await HubCluster.MonitoredDeviceAsync(admin, clinic);
        await RealtimeFixture.MosquittoPubAsync(HubCluster.BrokerPort, device.Device, Normal(device.Id));
        var host = await HostOnceActiveAsync(locator, device.PatientId);
        var wallHub = hubs.Hubs.Last(h => h != host);

        using var nurseThere = await HubCluster.LoginAsync(wallHub, nurse.Username, nurse.Password);
        using var otherThere = await HubCluster.LoginAsync(wallHub, otherNurse.Username, otherNurse.Password);
        await using var wall = await SignalRTestClient.ConnectAsync(wallHub.BaseAddress, RealtimeFixture.TokenOf(nurseThere), "nurse on the wall's hub");
        await using var otherWall = await SignalRTestClient.ConnectAsync(wallHub.BaseAddress, RealtimeFixture.TokenOf(otherThere), "another clinic's nurse on the wall's hub");
        await wall.WaitForAsync("snapshot");
        await otherWall.WaitForAsync("snapshot");
        await RealtimeFixture.MosquittoPubAsync(HubCluster.BrokerPort, device.Device, Desaturation(device.Id));

        var raised = await wall.WaitForAsync("alarmRaised", a => IsFor(a, device.PatientId), TimeSpan.FromSeconds(90));
        Assert.Equal(("spo2_low", clinic), (raised.GetProperty("kind").GetString(), raised.GetProperty("clinicId").GetGuid()));
        Assert.Same(host, await locator.HostOfAsync(hubs, device.PatientId));
        var alarmId = raised.GetProperty("id").GetGuid();

        // A wall opened on the wall's hub only now: its snapshot (that hub's view) holds the alarm and the vitals the grain's hub sent.
        await using var later = await SignalRTestClient.ConnectAsync(wallHub.BaseAddress, RealtimeFixture.TokenOf(nurseThere), "nurse's second wall on the wall's hub");
        await HubCluster.UntilAsync(
            async () => SnapshotHoldsVitals(await later.InvokeAsync("GetSnapshot"), device.PatientId),
            TimeSpan.FromSeconds(60), () => "the wall's hub's snapshot never held the patient's vitals");
        var snapshot = await later.InvokeAsync("GetSnapshot");
        Assert.Contains(snapshot.GetProperty("alarms").EnumerateArray(), a => a.GetProperty("id").GetGuid() == alarmId);

        // The acknowledgement taken by the wall's hub goes straight to the grain on the other hub, and its push reaches the wall.
        using (var ack = await nurseThere.PostJsonAsync($"/api/alarms/{alarmId}/acknowledge", new { note = "calling the patient" }))
        {
            var body = await ack.ReadJsonAsync();
            Assert.True(ack.StatusCode == HttpStatusCode.OK, $"acknowledging through the wall's hub answered {(int)ack.StatusCode}: {body}");
            Assert.Equal("acknowledged", body.GetProperty("state").GetString());
        }

        await wall.WaitForAsync("alarmChanged", a => a.GetProperty("id").GetGuid() == alarmId && a.GetProperty("state").GetString() == "acknowledged", TimeSpan.FromSeconds(60));
        await HubCluster.UntilAsync(
            async () => (await later.InvokeAsync("GetSnapshot")).GetProperty("alarms").EnumerateArray()
                .Any(a => a.GetProperty("id").GetGuid() == alarmId && a.GetProperty("state").GetString() == "acknowledged"),
            TimeSpan.FromSeconds(60), () => "the wall's hub's snapshot never showed the acknowledgement");

        // The other clinic's own alarm, raised after: its wall gets events in order, so anything of the first clinic's would be there already.
        var otherDevice = await HubCluster.MonitoredDeviceAsync(admin, otherClinic);
        await RealtimeFixture.MosquittoPubAsync(HubCluster.BrokerPort, otherDevice.Device, Desaturation(otherDevice.Id));

        await otherWall.WaitForAsync("alarmRaised", a => IsFor(a, otherDevice.PatientId), TimeSpan.FromSeconds(90));
        Assert.DoesNotContain(otherWall.Events, e => IsFor(e.Argument, device.PatientId) || (e.Argument.ValueKind == JsonValueKind.Object
            && e.Argument.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetGuid() == alarmId));
        var otherSnapshot = await otherWall.InvokeAsync("GetSnapshot");
        Assert.DoesNotContain(otherSnapshot.GetProperty("alarms").EnumerateArray(), a => IsFor(a, device.PatientId));
        Assert.DoesNotContain(otherSnapshot.GetProperty("vitals").EnumerateArray(), v => IsFor(v, device.PatientId));
    }

    private static bool SnapshotHoldsVitals(JsonElement snapshot, Guid patientId) =>
        snapshot.GetProperty("vitals").EnumerateArray().Any(v => IsFor(v, patientId) && v.TryGetProperty("spo2", out var spo2) && spo2.ValueKind == JsonValueKind.Number);

    /// <summary>The hub holding the patient's grain, once a reading has activated it (bounded poll).</summary>
    internal async Task<HubProcess> HostOnceActiveAsync(GrainLocator locator, Guid patientId)
    {
        HubProcess? host = null;
        await HubCluster.UntilAsync(async () => (host = await locator.HostOfAsync(hubs, patientId)) is not null,
            TimeSpan.FromSeconds(60), () => $"the grain of patient {patientId} never became active");
        return host!;
    }
}
