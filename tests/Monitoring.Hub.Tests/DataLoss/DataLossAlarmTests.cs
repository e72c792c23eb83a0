using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Monitoring.Hub.Tests.Infrastructure;
using Monitoring.Hub.Tests.Ingestion;
using Monitoring.Hub.Tests.Realtime;

namespace Monitoring.Hub.Tests.DataLoss;

/// <summary>
/// Never silent (issue 15): a private Mosquitto with a deliberately tiny queue (50 queued, 10 in flight)
/// and a private InfluxDB this class stops. With InfluxDB down the hub acknowledges nothing, its lag
/// warns first; then the broker drops, and the hub raises the operator alarm <c>ingest_data_lost</c>
/// (administrators only, over SignalR and the API), reports degraded health naming the count, and both
/// latch until an administrator resolves the alarm with a note. The broker's other settings are the
/// shipped ones (<c>sys_interval 5</c>), so the printed time to the alarm is what an operator gets.
/// </summary>
[Collection(IngestionCollection.Name)]
public sealed class DataLossAlarmTests(DataLossAlarmTests.Fixture fixture) : IClassFixture<DataLossAlarmTests.Fixture>
{
    public sealed class Fixture : IngestionFixture
    {
        public PrivateServices Services { get; private set; } = null!;

        public override int BrokerPort => Services.MqttPort;

        public override string BrokerAdminPassword => PrivateServices.AdminPassword;

        /// <summary>A plain persistent subscription (a private broker, one hub).</summary>
        public override string SharedGroup => "";

        protected override Uri InfluxUrl => Services.InfluxUrl;

        protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Mqtt:Password"] = PrivateServices.HubPassword,
            ["DataLoss:LagWarnAfter"] = "00:00:03",
            ["DataLoss:ProbeInterval"] = "00:00:01",
            ["Influx:RetryMaxDelay"] = "00:00:01",
            // An MQTT 5 client's receive maximum is the broker's in-flight limit towards it (Mosquitto takes it
            // over max_inflight_messages): 10 in flight, as the tiny broker below.
            ["Ingestion:ReceiveMaximum"] = "10",
        };

        protected override async Task StartDependenciesAsync() =>
            Services = await PrivateServices.StartWithBrokerConfigAsync(
                ["max_queued_messages 50", "max_queued_bytes 0", "max_inflight_messages 10"], "mosquitto", "influxdb");

        protected override async Task StopDependenciesAsync() => await Services.DisposeAsync();
    }

    [Fact(Timeout = 600_000)]
    public async Task ABrokerDropRaisesTheOperatorAlarmForAdministratorsAndDegradesHealthUntilResolvedWithANote()
    {
        var ct = TestContext.Current.CancellationToken;
        var device = await fixture.AssignedDeviceAsync();
        var admin = await fixture.AdminAsync();
        var clinic = await fixture.CreateClinicAsync();
        var nurse = await fixture.CreateNurseAsync(clinic);
        using var anonymous = fixture.Anonymous();
        await using var wall = await SignalRTestClient.ConnectAsync(fixture.Factory, RealtimeFixture.TokenOf(admin), "admin");
        await using var nurseWall = await SignalRTestClient.ConnectAsync(fixture.Factory, RealtimeFixture.TokenOf(nurse.Client), "nurse");
        await using var publisher = await fixture.PublisherAsync(device);
        var at = DateTimeOffset.UtcNow.AddMinutes(-30).ToUnixTimeSeconds();

        // InfluxDB away: nothing is durable, nothing acknowledged. A few messages fit the broker's queue.
        await fixture.Services.StopAsync("influxdb");
        for (var i = 0; i < 5; i++)
        {
            await publisher.TelemetryAsync(device.Id, Senml(device.Id, at + i));
        }

        // The lag warns before anything is lost.
        string? ready = null;
        await BoundedWait.UntilAsync(() => DataLossCheck(ready = Ready(anonymous)).Contains("lag", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), () => $"no lag warning: {ready}", ct);
        Assert.DoesNotContain("ingest_data_lost", DataLossCheck(ready!), StringComparison.Ordinal);
        Assert.Empty(await OperatorAlarmsAsync(admin));

        // Far more than 50 queued + 10 in flight: the broker acknowledges every one to the device and drops the rest.
        var published = Stopwatch.StartNew();
        var pastTheLimitAt = TimeSpan.Zero;
        for (var i = 5; i < 400; i++)
        {
            await publisher.TelemetryAsync(device.Id, Senml(device.Id, at + i));
            if (i == 70)
            {
                // Past 50 queued + 10 in flight (+ a probe or two): the broker has dropped by now.
                pastTheLimitAt = published.Elapsed;
            }
        }

        var sentAt = published.Elapsed;
        JsonElement[] alarms = [];
        await BoundedWait.UntilAsync(() => (alarms = OperatorAlarmsAsync(admin).GetAwaiter().GetResult()).Length == 1,
            TimeSpan.FromSeconds(90), () => $"no ingest_data_lost alarm; health: {Ready(anonymous)}", ct);
        // Printed, not asserted (shared machine): from the last publish, by which every drop had happened.
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ingest_data_lost visible in GET /api/alarms {(published.Elapsed - pastTheLimitAt).TotalSeconds:0.0} s after the first drop, "
            + $"{(published.Elapsed - sentAt).TotalSeconds:0.0} s after the last (shipped sys_interval 5 s)"));

        var alarm = alarms[0];
        Assert.Equal("high", alarm.GetProperty("priority").GetString());
        Assert.Equal("active", alarm.GetProperty("state").GetString());
        Assert.Equal(Guid.Empty, alarm.GetProperty("patientId").GetGuid());
        Assert.Equal(Guid.Empty, alarm.GetProperty("clinicId").GetGuid());
        Assert.True(alarm.GetProperty("value").GetDouble() > 0, alarm.ToString());
        Assert.Contains("dropped by the broker", alarm.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var id = alarm.GetProperty("id").GetGuid();

        await wall.WaitForAsync("alarmRaised", a => a.GetProperty("kind").GetString() == "ingest_data_lost", TimeSpan.FromSeconds(30));
        // Health latches the alarm when the raise returns, just after the push: wait for it, boundedly.
        await BoundedWait.UntilAsync(() => (ready = Ready(anonymous)).Contains($"ingest_data_lost alarm {id}", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), () => $"health does not name alarm {id}: {ready}", ct);
        Assert.Contains("\"data-loss\":{\"status\":\"Degraded\"", ready, StringComparison.Ordinal);

        // Not for nurses: neither the API nor their wall.
        var nurseAlarms = await nurse.Client.GetJsonAsync("/api/alarms?state=open");
        Assert.DoesNotContain(nurseAlarms.EnumerateArray(), a => a.GetProperty("kind").GetString() == "ingest_data_lost");
        Assert.Equal(HttpStatusCode.NotFound, (await nurse.Client.PostJsonAsync($"/api/alarms/{id}/resolve", new { note = "not mine" })).StatusCode);
        Assert.DoesNotContain(nurseWall.Events, e => e.Argument.ToString().Contains("ingest_data_lost", StringComparison.Ordinal));
        var snapshot = await wall.InvokeAsync("GetSnapshot");
        Assert.Contains(snapshot.GetProperty("alarms").EnumerateArray(), a => a.GetProperty("id").GetGuid() == id);

        // InfluxDB back: what the broker kept lands, the alarm latches.
        await fixture.Services.StartServiceAsync("influxdb");
        await BoundedWait.UntilAsync(() => !DataLossCheck(Ready(anonymous)).Contains("lag", StringComparison.Ordinal),
            TimeSpan.FromSeconds(120), () => $"the hub did not catch up: {Ready(anonymous)}", ct);
        Assert.Contains("ingest_data_lost alarm", DataLossCheck(Ready(anonymous)), StringComparison.Ordinal);

        // $SYS samples every 5 s: the last drops of the burst may be counted a sample later and fold
        // into the alarm then. Wait until its count stops changing, so the resolution covers every drop.
        var stable = 0;
        var last = -1.0;
        await BoundedWait.UntilAsync(() =>
        {
            var value = OperatorAlarmsAsync(admin).GetAwaiter().GetResult().Single().GetProperty("value").GetDouble();
            stable = value == last ? stable + 1 : 0;
            last = value;
            Thread.Sleep(1000);
            return stable >= 7;
        }, TimeSpan.FromSeconds(90), () => $"the alarm's count kept changing ({last})", ct);

        // Resolved by an administrator, with a note only.
        await (await admin.PostJsonAsync($"/api/alarms/{id}/resolve", new { })).AssertValidationProblemAsync("note");
        var resolved = await (await admin.PostJsonAsync($"/api/alarms/{id}/resolve", new { note = "InfluxDB disk replaced; devices asked to resend" })).ReadJsonAsync();
        Assert.Equal("resolved", resolved.GetProperty("state").GetString());
        await wall.WaitForAsync("alarmChanged", a => a.GetProperty("id").GetGuid() == id && a.GetProperty("state").GetString() == "resolved", TimeSpan.FromSeconds(30));
        await BoundedWait.UntilAsync(() => DataLossCheck(Ready(anonymous)).Contains("\"Healthy\"", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), () => $"health still degraded after the resolution: {Ready(anonymous)}", ct);
        var audit = await fixture.AuditAsync("alarm", id.ToString());
        Assert.Contains(audit, row => row.Action == "alarm.resolved" && row.ActorUsername == HubFactory.AdminUsername);
    }

    private static string Senml(string deviceId, long at) =>
        $$"""[{"bn":"urn:dev:id:{{deviceId}}:","bt":{{at}},"n":"spo2","u":"%","v":97},{"n":"pr","u":"beat/min","v":72}]""";

    private static async Task<JsonElement[]> OperatorAlarmsAsync(HttpClient admin) =>
        [.. (await admin.GetJsonAsync("/api/alarms?kind=ingest_data_lost&state=open")).EnumerateArray()];

    private static string DataLossCheck(string ready)
    {
        using var document = JsonDocument.Parse(ready);
        return document.RootElement.GetProperty("checks").GetProperty("data-loss").GetRawText();
    }

    private static string Ready(HttpClient client)
    {
        using var response = client.GetAsync(new Uri("/health/ready", UriKind.Relative)).GetAwaiter().GetResult();
        return response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
    }
}
