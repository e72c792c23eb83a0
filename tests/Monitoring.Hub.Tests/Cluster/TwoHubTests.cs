using System.Net;
using System.Text.Json;
using Monitoring.Hub.Tests.Infrastructure;
using Monitoring.Hub.Tests.Ingestion;
using Monitoring.Hub.Tests.Realtime;
using Monitoring.Mqtt.Tests.Integration;

namespace Monitoring.Hub.Tests.Cluster;

/// <summary>
/// Scale-out with two real hub processes (docs/scale-out.md): the device stream is split by the
/// shared subscription and written once; one alarm engine (on the leader) sees every reading of a
/// patient whichever hub took it; alarms and acknowledgements reach the dashboards of both hubs
/// through the real Redis as SignalR backplane (no relay of our own), and so does the end of a session.
/// Jobs once across hubs (two Hangfire servers on one storage): FollowUps/FollowUpDurabilityTests.
/// </summary>
[Collection(IngestionCollection.Name)]
public sealed class TwoHubTests(TwoHubs hubs) : IClassFixture<TwoHubs>
{
    private static bool IsFor(JsonElement payload, Guid patientId) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("patientId", out var id) && id.GetGuid() == patientId;

    private static bool IsSpo2Low(JsonElement alarm) => alarm.GetProperty("kind").GetString() == "spo2_low";

    [Fact]
    public async Task EveryReadingOfSeveralDevicesIsWrittenOnceAndBothHubsTakeAShare()
    {
        using var admin = await TwoHubs.AdminAsync(hubs.A);
        var seed = new RegistrySeed(admin);
        var devices = new List<TestDevice>();
        for (var i = 0; i < 3; i++)
        {
            devices.Add(await seed.AssignedDeviceAsync());
        }

        var before = (A: await TwoHubs.ReadingsAsync(hubs.A), B: await TwoHubs.ReadingsAsync(hubs.B));
        var streams = new List<(TestDevice Device, DevicePublisher Publisher, SteadyStream Stream)>();
        foreach (var device in devices)
        {
            var publisher = await DevicePublisher.AsDeviceAsync(TwoHubs.BrokerPort, device);
            var stream = new SteadyStream(publisher, device.Id, TimeSpan.FromMilliseconds(5), DateTimeOffset.UtcNow.AddSeconds(1));
            streams.Add((device, publisher, stream));
            stream.Start();
        }

        foreach (var (_, _, stream) in streams)
        {
            await BoundedWait.UntilAsync(() => stream.Sent >= 300, TimeSpan.FromSeconds(60), () => $"only {stream.Sent} sent", TestContext.Current.CancellationToken);
        }

        var sent = 0L;
        foreach (var (device, publisher, stream) in streams)
        {
            var count = await stream.StopAsync();
            sent += count;
            await publisher.DisposeAsync();
            await IngestionFixture.WaitForCountAsync(hubs.Influx, "spo2", device.PatientId, count, TimeSpan.FromSeconds(120));
            await IngestionFixture.WaitForCountAsync(hubs.Influx, "pr", device.PatientId, count, TimeSpan.FromSeconds(30));
        }

        // Each message holds two valid readings; each hub counts the readings it ingested itself.
        var shareA = await TwoHubs.ReadingsAsync(hubs.A) - before.A;
        var shareB = await TwoHubs.ReadingsAsync(hubs.B) - before.B;
        Assert.True(shareA > 0 && shareB > 0, $"hub A ingested {shareA} readings, hub B {shareB}: both should take a share");
        Assert.Equal(2 * sent, shareA + shareB);
    }

    [Fact]
    public async Task ADesaturationSplitAcrossBothHubsRaisesOneAlarmAndNormalReadingsSplitAcrossThemClearIt()
    {
        using var admin = await TwoHubs.AdminAsync(hubs.A);
        var clinic = await TwoHubs.ClinicAsync(admin);
        var device = await TwoHubs.MonitoredDeviceAsync(admin, clinic);
        var before = (A: await TwoHubs.ReadingsAsync(hubs.A), B: await TwoHubs.ReadingsAsync(hubs.B));

        // One low reading per message: the run of two needed is only sustained across messages,
        // which the broker hands to both hubs in turn.
        for (var i = 0; i < 8; i++)
        {
            await RealtimeFixture.MosquittoPubAsync(TwoHubs.BrokerPort, device.Device, RealtimeFixture.Senml(device.Id, ("spo2", 88 + (i % 3))));
        }

        // mosquitto_pub returns on the broker's PUBACK; the hubs take the message after that.
        var lowShare = await SharesAsync(before, 8, "the 8 low readings");
        Assert.True(lowShare.A > 0 && lowShare.B > 0, $"hub A ingested {lowShare.A} of the low readings, hub B {lowShare.B}");
        Assert.Equal(8, lowShare.A + lowShare.B);
        var raised = await TwoHubs.WaitForAlarmsAsync(admin, device.PatientId,
            alarms => alarms.Any(a => IsSpo2Low(a) && a.GetProperty("count").GetInt32() >= 7), "the spo2_low alarm with every low reading folded in");
        Assert.Single(raised, IsSpo2Low);

        for (var i = 0; i < 6; i++)
        {
            await RealtimeFixture.MosquittoPubAsync(TwoHubs.BrokerPort, device.Device, RealtimeFixture.Senml(device.Id, ("spo2", 97)));
        }

        var cleared = await TwoHubs.WaitForAlarmsAsync(admin, device.PatientId,
            alarms => alarms.Any(a => IsSpo2Low(a) && a.GetProperty("conditionCleared").GetBoolean()), "the spo2_low condition cleared by the normal readings");
        var alarm = Assert.Single(cleared, IsSpo2Low);
        // High priority latches: it stays open, condition cleared, until a clinician resolves it.
        Assert.Equal("active", alarm.GetProperty("state").GetString());
        // The first normal reading clears the condition; the last ones may still be on their way to a hub.
        var share = await SharesAsync(before, 14, "all 14 readings");
        Assert.Equal(14, share.A + share.B);
    }

    /// <summary>Each hub's readings since <paramref name="before"/>, once together they reach <paramref name="expected"/> (bounded poll).</summary>
    private async Task<(long A, long B)> SharesAsync((long A, long B) before, long expected, string what)
    {
        var share = (A: 0L, B: 0L);
        await BoundedWait.UntilAsync(
            () =>
            {
                share = (TwoHubs.ReadingsAsync(hubs.A).GetAwaiter().GetResult() - before.A, TwoHubs.ReadingsAsync(hubs.B).GetAwaiter().GetResult() - before.B);
                return share.A + share.B >= expected;
            },
            TimeSpan.FromSeconds(90), () => $"the hubs took {share.A} + {share.B} readings, not {what}", TestContext.Current.CancellationToken);
        return share;
    }

    [Fact]
    public async Task AnAlarmReachesTheClinicsDashboardOnTheOtherHubOnlyAndAnAcknowledgementThereReachesTheFirstHub()
    {
        var (leader, follower) = await hubs.LeaderAsync();
        using var admin = await TwoHubs.AdminAsync(leader);
        var clinicA = await TwoHubs.ClinicAsync(admin);
        var clinicB = await TwoHubs.ClinicAsync(admin);
        var deviceA = await TwoHubs.MonitoredDeviceAsync(admin, clinicA);
        var deviceB = await TwoHubs.MonitoredDeviceAsync(admin, clinicB);
        var nurseA = await TwoHubs.NurseAsync(admin, clinicA);
        var nurseB = await TwoHubs.NurseAsync(admin, clinicB);
        using var nurseAOnFollower = await TwoHubs.LoginAsync(follower, nurseA.Username, nurseA.Password);
        using var nurseAOnLeader = await TwoHubs.LoginAsync(leader, nurseA.Username, nurseA.Password);
        using var nurseBOnFollower = await TwoHubs.LoginAsync(follower, nurseB.Username, nurseB.Password);
        await using var aFollower = await SignalRTestClient.ConnectAsync(follower.BaseAddress, RealtimeFixture.TokenOf(nurseAOnFollower), "nurse A on the follower");
        await using var aLeader = await SignalRTestClient.ConnectAsync(leader.BaseAddress, RealtimeFixture.TokenOf(nurseAOnLeader), "nurse A on the leader");
        await using var bFollower = await SignalRTestClient.ConnectAsync(follower.BaseAddress, RealtimeFixture.TokenOf(nurseBOnFollower), "nurse B on the follower");
        foreach (var connection in new[] { aFollower, aLeader, bFollower })
        {
            await connection.WaitForAsync("snapshot");
        }

        // Several messages, so the broker hands some to each hub; each one alone is a desaturation.
        for (var i = 0; i < 4; i++)
        {
            await RealtimeFixture.MosquittoPubAsync(TwoHubs.BrokerPort, deviceA.Device, RealtimeFixture.Senml(deviceA.Id, ("spo2", 89), ("spo2", 88)));
        }

        var raised = await aFollower.WaitForAsync("alarmRaised", a => IsFor(a, deviceA.PatientId), TimeSpan.FromSeconds(90));
        var alarmId = raised.GetProperty("id").GetGuid();
        Assert.Equal(("spo2_low", clinicA), (raised.GetProperty("kind").GetString(), raised.GetProperty("clinicId").GetGuid()));
        Assert.Equal(alarmId, (await aLeader.WaitForAsync("alarmRaised", a => IsFor(a, deviceA.PatientId), TimeSpan.FromSeconds(90))).GetProperty("id").GetGuid());

        // Clinic B's own alarm, raised after A's: B's connection gets events in order, so anything
        // of clinic A's relayed to it would already be there.
        await RealtimeFixture.MosquittoPubAsync(TwoHubs.BrokerPort, deviceB.Device, RealtimeFixture.Senml(deviceB.Id, ("spo2", 87), ("spo2", 86)));
        await bFollower.WaitForAsync("alarmRaised", a => IsFor(a, deviceB.PatientId), TimeSpan.FromSeconds(90));
        Assert.DoesNotContain(bFollower.Events, e => IsFor(e.Argument, deviceA.PatientId));

        // Clinic isolation is checked on the leader too: nurse B cannot acknowledge clinic A's alarm through the follower.
        using (var refused = await nurseBOnFollower.PostJsonAsync($"/api/alarms/{alarmId}/acknowledge", new { note = "not mine" }))
        {
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        }

        using (var ack = await nurseAOnFollower.PostJsonAsync($"/api/alarms/{alarmId}/acknowledge", new { note = "calling the patient" }))
        {
            var body = await ack.ReadJsonAsync();
            Assert.True(ack.StatusCode == HttpStatusCode.OK, $"acknowledging through the follower answered {(int)ack.StatusCode}: {body}");
            Assert.Equal(("acknowledged", nurseA.Username), (body.GetProperty("state").GetString(), body.GetProperty("acknowledgedBy").GetString()));
        }

        var changed = await aLeader.WaitForAsync("alarmChanged", a => a.GetProperty("id").GetGuid() == alarmId && a.GetProperty("state").GetString() == "acknowledged",
            TimeSpan.FromSeconds(90));
        Assert.Equal(nurseA.Username, changed.GetProperty("acknowledgedBy").GetString());
        await aFollower.WaitForAsync("alarmChanged", a => a.GetProperty("id").GetGuid() == alarmId && a.GetProperty("state").GetString() == "acknowledged",
            TimeSpan.FromSeconds(90));
        var snapshot = await aFollower.InvokeAsync("GetSnapshot");
        Assert.Equal("acknowledged", snapshot.GetProperty("alarms").EnumerateArray().Single(a => a.GetProperty("id").GetGuid() == alarmId).GetProperty("state").GetString());
    }

    [Fact]
    public async Task AConnectionToTheFollowerGetsTheLeadersSnapshotWithAnOpenAlarmRaisedBeforeAndTheLatestVitals()
    {
        var (leader, follower) = await hubs.LeaderAsync();
        using var admin = await TwoHubs.AdminAsync(leader);
        var clinic = await TwoHubs.ClinicAsync(admin);
        var device = await TwoHubs.MonitoredDeviceAsync(admin, clinic);
        var nurse = await TwoHubs.NurseAsync(admin, clinic);
        for (var i = 0; i < 4; i++)
        {
            await RealtimeFixture.MosquittoPubAsync(TwoHubs.BrokerPort, device.Device, RealtimeFixture.Senml(device.Id, ("spo2", 89), ("spo2", 88)));
        }

        var alarm = Assert.Single(await TwoHubs.WaitForAlarmsAsync(admin, device.PatientId, alarms => alarms.Any(IsSpo2Low), "the spo2_low alarm"), IsSpo2Low);

        // Connected only now, to the hub whose publisher does not hear the engine: the snapshot is the leader's publisher's.
        using var onFollower = await TwoHubs.LoginAsync(follower, nurse.Username, nurse.Password);
        await using var wall = await SignalRTestClient.ConnectAsync(follower.BaseAddress, RealtimeFixture.TokenOf(onFollower), "nurse on the follower");
        var snapshot = await wall.WaitForAsync("snapshot");

        Assert.Equal(alarm.GetProperty("id").GetGuid(), snapshot.GetProperty("alarms").EnumerateArray().Single(a => IsFor(a, device.PatientId)).GetProperty("id").GetGuid());
        Assert.Contains(snapshot.GetProperty("vitals").EnumerateArray(), v => IsFor(v, device.PatientId) && v.GetProperty("spo2").ValueKind == JsonValueKind.Number);
    }

    [Fact]
    public async Task SigningOutEverywhereOnTheLeaderClosesTheWallOnTheFollowerAndAnotherClinicsWallThereHearsNothingOfIt()
    {
        var (leader, follower) = await hubs.LeaderAsync();
        using var admin = await TwoHubs.AdminAsync(leader);
        var clinic = await TwoHubs.ClinicAsync(admin);
        var device = await TwoHubs.MonitoredDeviceAsync(admin, clinic);
        var nurse = await TwoHubs.NurseAsync(admin, clinic);
        var other = await TwoHubs.NurseAsync(admin, await TwoHubs.ClinicAsync(admin));
        using var onLeader = await TwoHubs.LoginAsync(leader, nurse.Username, nurse.Password);
        using var onFollower = await TwoHubs.LoginAsync(follower, nurse.Username, nurse.Password);
        using var otherOnFollower = await TwoHubs.LoginAsync(follower, other.Username, other.Password);
        await using var wall = await SignalRTestClient.ConnectAsync(follower.BaseAddress, RealtimeFixture.TokenOf(onFollower), "nurse on the follower");
        await using var otherWall = await SignalRTestClient.ConnectAsync(follower.BaseAddress, RealtimeFixture.TokenOf(otherOnFollower), "another clinic's nurse on the follower");
        await wall.WaitForAsync("snapshot");
        await otherWall.WaitForAsync("snapshot");

        // The wall is live through the backplane before its session ends.
        for (var i = 0; i < 4; i++)
        {
            await RealtimeFixture.MosquittoPubAsync(TwoHubs.BrokerPort, device.Device, RealtimeFixture.Senml(device.Id, ("spo2", 89), ("spo2", 88)));
        }

        await wall.WaitForAsync("alarmRaised", a => IsFor(a, device.PatientId), TimeSpan.FromSeconds(90));

        using (var logout = await onLeader.PostJsonAsync("/api/auth/logout", new { all = true }))
        {
            Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        }

        Assert.Equal("signed_out_everywhere", (await wall.WaitForAsync("sessionEnded")).GetProperty("reason").GetString());
        await BoundedWait.UntilAsync(() => wall.ClosedWith is not null, TimeSpan.FromSeconds(60), () => "the follower did not close the ended session's wall", TestContext.Current.CancellationToken);
        Assert.DoesNotContain(otherWall.Events, e => e.Target == "sessionEnded" || IsFor(e.Argument, device.PatientId));
        Assert.Null(otherWall.ClosedWith);
    }
}
