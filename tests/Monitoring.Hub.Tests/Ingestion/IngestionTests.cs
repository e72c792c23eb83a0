using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Hub.Ingestion;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Ingestion;

/// <summary>The data path end to end: devices publish on the real broker, readings land in the real InfluxDB.</summary>
[Collection(IngestionCollection.Name)]
public sealed class IngestionTests(IngestionTests.Fixture fixture) : IClassFixture<IngestionTests.Fixture>
{
    public sealed class Fixture : IngestionFixture
    {
        public HoldingObserver Observer { get; } = new();

        protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IReadingObserver>(Observer);

        // Small limits so the size rejections are cheap to provoke.
        protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Ingestion:MaxPayloadBytes"] = "262144",
            ["Ingestion:MaxRecordsPerMessage"] = "2000",
        };
    }

    // A week ago, whole seconds: inside the 30 days the test devices have been assigned.
    private static readonly DateTimeOffset Bt = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddDays(-7).ToUnixTimeSeconds());

    private static string Seconds(DateTimeOffset t) => (t.ToUnixTimeMilliseconds() / 1000.0).ToString("R", CultureInfo.InvariantCulture);

    /// <summary>mosquitto_pub: an outside client, as a real device would use.</summary>
    private async Task MosquittoPubAsync(TestDevice device, string topicKind, string payload)
    {
        var result = await ExternalProcess.RunAsync("mosquitto_pub",
        [
            "-h", "127.0.0.1", "-p", fixture.BrokerPort.ToString(CultureInfo.InvariantCulture),
            "-i", device.Id, "-u", device.Id, "-P", device.Secret, "-q", "1",
            "-t", $"rpm/v1/devices/{device.Id}/{topicKind}", "-m", payload,
        ], TimeSpan.FromSeconds(30), cancellationToken: TestContext.Current.CancellationToken);
        result.EnsureSuccess("mosquitto_pub");
    }

    [Fact]
    public async Task ReadingsLandWithTheirOwnTimestampsAndTheContractsTags()
    {
        var device = await fixture.AssignedDeviceAsync();

        await MosquittoPubAsync(device, "telemetry",
            $$"""[{"bn":"urn:dev:id:{{device.Id}}:","bt":{{Bt.ToUnixTimeSeconds()}},"n":"spo2","u":"%","v":92.5},{"n":"pr","u":"beat/min","v":97},{"n":"spo2","t":1,"v":92.0}]""");

        await fixture.WaitForCountAsync("spo2", device.PatientId, 2);
        await fixture.WaitForCountAsync("pr", device.PatientId, 1);
        var series = await fixture.Influx.SeriesAsync($"SELECT spo2, pr, clinic, device, patient FROM vitals WHERE patient = '{device.PatientId}'");
        var (columns, rows) = Assert.Single(series);
        Assert.Equal(["time", "spo2", "pr", "clinic", "device", "patient"], columns);
        Assert.Equal(2, rows.Length);
        Assert.Equal(Bt, DateTimeOffset.Parse(rows[0][0].GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal((92.5, 97d), (rows[0][1].GetDouble(), rows[0][2].GetDouble()));
        Assert.Equal(Bt.AddSeconds(1), DateTimeOffset.Parse(rows[1][0].GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(92.0, rows[1][1].GetDouble());
        Assert.All(rows, r => Assert.Equal((device.ClinicId.ToString(), device.Id, device.PatientId.ToString()), (r[3].GetString(), r[4].GetString(), r[5].GetString())));
    }

    [Fact]
    public async Task PublishingTheSameMessageTwiceLeavesOnePoint()
    {
        var device = await fixture.AssignedDeviceAsync();
        var message = $$"""[{"bt":{{Seconds(Bt.AddMinutes(5))}},"n":"spo2","u":"%","v":95},{"n":"pr","u":"beat/min","v":70,"t":0.5}]""";
        await using var publisher = await fixture.PublisherAsync(device);

        await publisher.TelemetryAsync(device.Id, message);
        await publisher.TelemetryAsync(device.Id, message);
        // A last, different reading: messages are processed and written in order, so once it is in, both copies have been.
        await publisher.TelemetryAsync(device.Id, $$"""[{"bt":{{Seconds(Bt.AddMinutes(6))}},"n":"temp","u":"Cel","v":36.9}]""");

        await fixture.WaitForCountAsync("temp", device.PatientId, 1);
        Assert.Equal(1, await fixture.Influx.CountAsync("spo2", device.PatientId));
        Assert.Equal(1, await fixture.Influx.CountAsync("pr", device.PatientId));
    }

    [Fact]
    public async Task ABacklogOfAThousandRecordsOutOfOrderLandsWithEveryOwnTime()
    {
        var device = await fixture.AssignedDeviceAsync();
        var start = DateTimeOffset.UtcNow.AddHours(-6);
        var offsets = Enumerable.Range(0, 1000).Select(i => i * 20).ToArray();
        Random.Shared.Shuffle(offsets);
        var json = new StringBuilder().Append(CultureInfo.InvariantCulture, $$"""[{"bn":"urn:dev:id:{{device.Id}}:","bt":{{Seconds(start)}},"bu":"%"}""");
        foreach (var offset in offsets)
        {
            json.Append(CultureInfo.InvariantCulture, $$""",{"n":"spo2","v":{{90 + (offset % 9)}},"t":{{offset}}}""");
        }

        await using var publisher = await fixture.PublisherAsync(device);
        await publisher.TelemetryAsync(device.Id, json.Append(']').ToString());

        await fixture.WaitForCountAsync("spo2", device.PatientId, 1000);
        var rows = await fixture.Influx.RowsAsync($"SELECT spo2 FROM vitals WHERE patient = '{device.PatientId}'");
        var expected = offsets.Order().Select(o => (InfluxTestDatabase.Time(start.AddSeconds(o)), 90d + (o % 9)));
        Assert.Equal(expected, rows.Select(r => (InfluxTestDatabase.Time(DateTimeOffset.Parse(r[0].GetString()!, CultureInfo.InvariantCulture)), r[1].GetDouble())));
    }

    [Fact]
    public async Task RelativeTimesCountFromWhenTheHubReceivedTheMessage()
    {
        var device = await fixture.AssignedDeviceAsync();
        await using var publisher = await fixture.PublisherAsync(device);
        var before = DateTimeOffset.UtcNow;

        await publisher.TelemetryAsync(device.Id, """[{"bt":-60,"n":"temp","u":"Cel","v":37.5},{"n":"temp","v":37.6,"t":30},{"n":"temp","v":37.7,"bt":0}]""");

        await fixture.WaitForCountAsync("temp", device.PatientId, 3);
        var after = DateTimeOffset.UtcNow;
        var rows = await fixture.Influx.RowsAsync($"SELECT temp FROM vitals WHERE patient = '{device.PatientId}'");
        var times = rows.Select(r => DateTimeOffset.Parse(r[0].GetString()!, CultureInfo.InvariantCulture)).ToArray();
        Assert.InRange(times[0], before.AddSeconds(-61), after.AddSeconds(-59));
        Assert.InRange(times[1], before.AddSeconds(-31), after.AddSeconds(-29));
        Assert.InRange(times[2], before.AddSeconds(-1), after.AddSeconds(1));
    }

    [Fact]
    public async Task EveryRejectionReasonIsKeptWithTheDeviceAndTheValidReadingsOfTheMessageStillLand()
    {
        var seed = await fixture.SeedAsync();
        var device = await fixture.AssignedDeviceAsync();
        var unassigned = await seed.RegisterDeviceAsync();
        var unknown = $"ox-{HubFixture.Unique()}";
        var t = Bt.AddDays(2);
        var good = $$"""{"n":"pr","u":"beat/min","v":71,"t":{{Seconds(t)}}}""";
        // A string spo2 already in the (7-day) shard of that time makes InfluxDB refuse a float spo2 there (HTTP 400);
        // no other test writes that far back.
        var conflictAt = Bt.AddDays(-13);
        await fixture.Influx.WriteAsync($"vitals,patient=seed spo2=\"not a number\" {conflictAt.ToUnixTimeMilliseconds()}\n");
        var cases = new (string Reason, string Topic, string Payload)[]
        {
            ("invalid_json", "telemetry", "[{\"n\":\"spo2\","),
            ("invalid_senml", "telemetry", "{\"n\":\"spo2\",\"v\":95}"),
            ("too_many_records", "telemetry", "[" + string.Join(",", Enumerable.Repeat("{\"n\":\"pr\",\"v\":70}", 2001)) + "]"),
            ("payload_too_large", "telemetry", "[{\"n\":\"pr\",\"v\":70,\"x\":\"" + new string('x', 300_000) + "\"}]"),
            ("device_mismatch", "telemetry", $$"""[{"bn":"urn:dev:id:someone-else:","n":"spo2","u":"%","v":95,"t":{{Seconds(t)}}},{"bn":"","n":"spo2","u":"%","v":96,"t":{{Seconds(t)}}}]"""),
            ("unknown_name", "telemetry", $"[{{\"n\":\"glucose\",\"v\":5.5,\"t\":{Seconds(t)}}},{good}]"),
            ("wrong_unit", "telemetry", $"[{{\"n\":\"temp\",\"u\":\"far\",\"v\":98.6,\"t\":{Seconds(t)}}},{good}]"),
            ("wrong_value_type", "telemetry", $"[{{\"n\":\"spo2\",\"vs\":\"95\",\"t\":{Seconds(t)}}},{good}]"),
            ("not_finite", "telemetry", $"[{{\"n\":\"spo2\",\"v\":1e400,\"t\":{Seconds(t)}}},{good}]"),
            ("implausible", "telemetry", $"[{{\"n\":\"spo2\",\"u\":\"%\",\"v\":101,\"t\":{Seconds(t)}}},{good}]"),
            ("invalid_time", "telemetry", $"[{{\"n\":\"spo2\",\"v\":95,\"t\":1e300}},{good}]"),
            ("future_time", "telemetry", $"[{{\"n\":\"spo2\",\"v\":95,\"t\":{Seconds(DateTimeOffset.UtcNow.AddHours(1))}}},{good}]"),
            ("invalid_value", "events", $"[{{\"n\":\"symptom\",\"vs\":\"sneezing\",\"t\":{Seconds(t)}}},{{\"n\":\"symptom\",\"vs\":\"dyspnea\",\"t\":{Seconds(t)}}}]"),
            ("invalid_status", "status", "maybe"),
            ("store_rejected", "telemetry", $$"""[{"n":"spo2","u":"%","v":95,"t":{{Seconds(conflictAt)}}},{"n":"pr","u":"beat/min","v":72,"t":{{Seconds(conflictAt)}}}]"""),
        };
        await using (var publisher = await fixture.PublisherAsync(device))
        {
            foreach (var (_, topic, payload) in cases)
            {
                await publisher.PublishAsync($"rpm/v1/devices/{device.Id}/{topic}", Encoding.UTF8.GetBytes(payload));
            }
        }

        await using (var admin = await fixture.AdminPublisherAsync())
        {
            await admin.TelemetryAsync(unknown, $"[{good}]");
            await admin.TelemetryAsync(unassigned.Id, $"[{good}]");
        }

        // Each message with a good record still lands it: one pr per case at t, the one of the refused line at conflictAt.
        await fixture.WaitForCountAsync("pr", device.PatientId, 2);
        await BoundedWait.UntilAsync(() => Rejections().Count >= cases.Length, TimeSpan.FromSeconds(30),
            () => $"rejected so far: {string.Join(", ", Rejections().Select(r => r.Reason))}", TestContext.Current.CancellationToken);
        var rejected = await fixture.RejectedAsync(device.Id);
        var reasons = rejected.Select(r => r.GetProperty("reason").GetString()).ToHashSet();
        foreach (var (reason, topic, _) in cases)
        {
            Assert.True(reasons.Contains(reason), $"no '{reason}' rejection kept for device {device.Id}; kept: {string.Join(", ", reasons)}");
            var entry = rejected.First(r => r.GetProperty("reason").GetString() == reason);
            Assert.Equal($"rpm/v1/devices/{device.Id}/{topic}", entry.GetProperty("topic").GetString());
            Assert.True(entry.GetProperty("payload").GetString()!.Length <= 2048);
        }

        Assert.Equal(1, await fixture.Influx.CountAsync("spo2", device.PatientId));
        Assert.Equal(1, await fixture.Influx.CountAsync("symptom", device.PatientId, "events"));
        // The two messages of other devices came after the device's last one, but each rejection is stored by
        // the rejected store's own loop (a batch every 50 ms), and the device's last rejection (InfluxDB's
        // refusal) is made by the writer: theirs may commit in a later batch than the one waited for above.
        await BoundedWait.UntilAsync(() => fixture.RejectedAsync(unknown).GetAwaiter().GetResult().Any(r => r.GetProperty("reason").GetString() == "unknown_device"),
            TimeSpan.FromSeconds(30), () => "the unknown device's reading was not rejected as unknown_device", TestContext.Current.CancellationToken);
        await BoundedWait.UntilAsync(() => RejectionsOf(unassigned.Id).Any(r => r.Reason == "unassigned_device"), TimeSpan.FromSeconds(30),
            () => "the unassigned device's reading was not rejected as unassigned_device", TestContext.Current.CancellationToken);
        using var counts = await (await fixture.AdminAsync()).GetAsync(new Uri("/api/ingest/rejected/counts", UriKind.Relative), TestContext.Current.CancellationToken);
        var totals = await counts.ReadJsonAsync();
        foreach (var (reason, _, _) in cases)
        {
            Assert.True(totals.TryGetProperty(reason, out var n) && n.GetInt64() >= 1, $"no count for {reason}: {totals}");
        }

        List<(string Reason, string Device)> Rejections() => RejectionsOf(device.Id);

        List<(string Reason, string Device)> RejectionsOf(string deviceId)
        {
            using var connection = fixture.Database.DataSource.OpenConnection();
            return [.. connection.Query<(string, string)>("SELECT reason, device_id FROM ingest_rejected WHERE device_id = @deviceId", new { deviceId })];
        }
    }

    [Fact]
    public async Task StatusMessagesRecordOnlineOfflineAndTelemetryRecordsLastSeen()
    {
        var device = await fixture.AssignedDeviceAsync();
        await using var publisher = await fixture.PublisherAsync(device);

        await publisher.PublishAsync($"rpm/v1/devices/{device.Id}/status", "online"u8.ToArray());
        await BoundedWait.UntilAsync(() => Status() is { LastStatus: "online" }, TimeSpan.FromSeconds(30), () => $"status {Status()}", TestContext.Current.CancellationToken);
        await publisher.TelemetryAsync(device.Id, """[{"n":"bat","u":"%EL","v":80}]""");
        await publisher.PublishAsync($"rpm/v1/devices/{device.Id}/status", "offline"u8.ToArray());

        await BoundedWait.UntilAsync(() => Status() is { LastStatus: "offline", LastSeenAt: not null }, TimeSpan.FromSeconds(30),
            () => $"status {Status()}", TestContext.Current.CancellationToken);

        StatusRow? Status()
        {
            using var connection = fixture.Database.DataSource.OpenConnection();
            return connection.QuerySingleOrDefault<StatusRow>(
                "SELECT last_status AS LastStatus, last_seen_at AS LastSeenAt FROM device_status WHERE device_id = @id", new { id = device.Id });
        }
    }

    private sealed record StatusRow(string? LastStatus, DateTime? LastSeenAt);

    [Fact]
    public async Task AReadingBelongsToThePatientWhoHadTheDeviceAtTheReadingsTime()
    {
        var seed = await fixture.SeedAsync();
        // Assigned a day back: a reading from before the raw policy's 30 days would be refused by InfluxDB.
        var first = await fixture.AssignedDeviceAsync(TimeSpan.FromDays(1));
        using var history = await seed.Admin.GetAsync(new Uri($"/api/devices/{first.Id}/assignments", UriKind.Relative), TestContext.Current.CancellationToken);
        var firstFrom = (await history.ReadJsonAsync()).EnumerateArray().Select(a => a.GetProperty("fromAt").GetDateTimeOffset()).Max();
        await seed.UnassignAsync(first.Id);
        var second = await seed.PatientAsync(first.ClinicId);
        await seed.AssignAsync(first.Id, second);
        // What the registry raises after an assignment change (IAssignmentChanges), so the cache does not wait for its reload.
        fixture.Factory.Services.GetRequiredService<IAssignmentChanges>().DeviceChanged(first.Id);
        await using var publisher = await fixture.PublisherAsync(first);

        // One upload holding a reading from the first patient's time and one from now.
        var then = firstFrom.AddMilliseconds(1);
        await publisher.TelemetryAsync(first.Id, $$"""[{"n":"spo2","u":"%","v":94,"t":{{Seconds(then)}}},{"n":"spo2","u":"%","v":97,"t":{{Seconds(DateTimeOffset.UtcNow)}}}]""");

        await fixture.WaitForCountAsync("spo2", first.PatientId, 1);
        await fixture.WaitForCountAsync("spo2", second, 1);
        Assert.Equal(94, (await fixture.Influx.RowsAsync($"SELECT spo2 FROM vitals WHERE patient = '{first.PatientId}'"))[0][1].GetDouble());
    }

    [Fact]
    public async Task TheAlarmHandOffSeesEachReadingBeforeInfluxDbHasIt()
    {
        var device = await fixture.AssignedDeviceAsync();
        var observer = fixture.Observer;
        observer.Hold(device.Id);
        await using var publisher = await fixture.PublisherAsync(device);

        await publisher.TelemetryAsync(device.Id, $$"""[{"n":"spo2","u":"%","v":91,"t":{{Seconds(Bt.AddDays(1))}}}]""");

        var seen = await BoundedWait.ForAsync(observer.SeenAsync(device.Id), TimeSpan.FromSeconds(30), "the observer's call", TestContext.Current.CancellationToken);
        Assert.Equal(("spo2", 91d, device.PatientId), (seen.Name, seen.Value, seen.PatientId));
        Assert.Equal(0, await fixture.Influx.CountAsync("spo2", device.PatientId));
        observer.Release(device.Id);
        await fixture.WaitForCountAsync("spo2", device.PatientId, 1);
    }

    [Fact]
    public async Task AFloodOfJunkFromOneDeviceDoesNotStopAnotherDevicesReadings()
    {
        var seed = await fixture.SeedAsync();
        var junk = await fixture.AssignedDeviceAsync();
        var steady = await fixture.AssignedDeviceAsync();
        const int junkMessages = 20_000;
        const int readings = 300;
        await using var junkPublisher = await DevicePublisher.ConnectAsync(fixture.BrokerPort, junk.Id, junk.Id, junk.Secret, maxInFlight: 5000);
        await using var steadyPublisher = await fixture.PublisherAsync(steady);
        var start = DateTimeOffset.UtcNow.AddMinutes(-30);

        var flood = Task.Run(async () =>
        {
            var payloads = new[] { "{{{not json", "[{\"n\":\"spo2\",\"v\":1000}]", "[{\"n\":\"x y\"}]", "\0\0\0" };
            var pending = new List<Task>(junkMessages);
            for (var i = 0; i < junkMessages; i++)
            {
                pending.Add(junkPublisher.TelemetryAsync(junk.Id, payloads[i % payloads.Length]));
            }

            await Task.WhenAll(pending);
        }, TestContext.Current.CancellationToken);
        for (var i = 0; i < readings; i++)
        {
            await steadyPublisher.TelemetryAsync(steady.Id, $$"""[{"n":"spo2","u":"%","v":{{90 + (i % 10)}},"t":{{Seconds(start.AddSeconds(i))}}}]""");
        }

        await fixture.WaitForCountAsync("spo2", steady.PatientId, readings, TimeSpan.FromSeconds(90));
        await BoundedWait.ForAsync(flood, TimeSpan.FromSeconds(120), "publishing the junk flood", TestContext.Current.CancellationToken);
        Assert.Equal(0, await fixture.Influx.CountAsync("spo2", junk.PatientId));
        // The broker has acknowledged every junk message; the hub may still be working through them
        // (on a loaded machine it runs behind), so wait, boundedly, until all are counted.
        var admin = await fixture.AdminAsync();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(90);
        while (true)
        {
            using var counts = await admin.GetAsync(new Uri("/api/ingest/rejected/counts", UriKind.Relative), TestContext.Current.CancellationToken);
            var totals = await counts.ReadJsonAsync();
            var counted = totals.EnumerateObject().Sum(p => p.Value.GetInt64());
            if (counted >= junkMessages)
            {
                break;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"the junk was not all counted within 90 s: {totals}");
            await Task.Delay(TimeSpan.FromMilliseconds(250), TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task IngestionStateShowsInReadiness()
    {
        using var client = fixture.Anonymous();
        using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative), TestContext.Current.CancellationToken);
        var body = await response.ReadJsonAsync();

        var checks = body.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("influx-writer").GetProperty("status").GetString());
        Assert.Contains("subscribed", checks.GetProperty("broker").GetProperty("description").GetString(), StringComparison.Ordinal);
        _ = JsonSerializer.Serialize(body);
    }
}
