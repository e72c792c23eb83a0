using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Ingestion;

/// <summary>
/// The hub process is killed (SIGKILL, no graceful stop) mid-stream or mid-backlog and started again:
/// what it had received but not written was never acknowledged, so the broker delivers it again to its
/// persistent session; nothing is lost, and the points written twice are the same points.
/// </summary>
[Collection(IngestionCollection.Name)]
public sealed class HubCrashTests : IAsyncLifetime
{
    private readonly string _clientId = $"hub-k-{HubFixture.Unique()}";
    private TestDatabase _database = null!;
    private InfluxTestDatabase _influx = null!;
    private HubProcess _hub = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _influx = new InfluxTestDatabase();
        _hub = new HubProcess(new Dictionary<string, string>
        {
            ["Database:ConnectionString"] = _database.ConnectionString,
            ["Influx:Url"] = _influx.Url.ToString(),
            ["Influx:Database"] = _influx.Name,
            ["Mqtt:Host"] = "127.0.0.1",
            ["Mqtt:Port"] = DevicePublisher.SharedBrokerPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mqtt:Username"] = "hub",
            ["Mqtt:Password"] = Environment.GetEnvironmentVariable("Mqtt__Password") ?? PrivateServices.HubPassword,
            ["Mqtt:ClientId"] = _clientId,
            ["Mqtt:SharedGroup"] = $"k{HubFixture.Unique()}",
            ["Ingestion:Enabled"] = "true",
        });
        await _hub.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _hub.DisposeAsync();
        await IngestionFixture.ForgetSessionAsync(DevicePublisher.SharedBrokerPort, _clientId);
        await _influx.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task EveryReadingLandsExactlyOnceAfterTheHubIsKilledAndStartedAgain()
    {
        using var client = _hub.CreateClient();
        var seed = await RegistrySeed.LoginAsync(client);
        var device = await seed.AssignedDeviceAsync();
        await using var publisher = await DevicePublisher.AsDeviceAsync(DevicePublisher.SharedBrokerPort, device);
        var stream = new SteadyStream(publisher, device.Id, TimeSpan.FromMilliseconds(5), DateTimeOffset.UtcNow.AddSeconds(1));
        stream.Start();
        await BoundedWait.UntilAsync(() => stream.Sent >= 500, TimeSpan.FromSeconds(30), () => $"only {stream.Sent} sent", TestContext.Current.CancellationToken);

        await _hub.KillAsync();
        var sentAtKill = stream.Sent;
        await BoundedWait.UntilAsync(() => stream.Sent >= sentAtKill + 500, TimeSpan.FromSeconds(30),
            () => $"only {stream.Sent} sent while the hub was down", TestContext.Current.CancellationToken);
        await _hub.StartAsync();
        var sentAtStart = stream.Sent;
        await BoundedWait.UntilAsync(() => stream.Sent >= sentAtStart + 500, TimeSpan.FromSeconds(30),
            () => $"only {stream.Sent} sent after the restart", TestContext.Current.CancellationToken);
        var sent = await stream.StopAsync();

        await IngestionFixture.WaitForCountAsync(_influx, "spo2", device.PatientId, sent, TimeSpan.FromSeconds(120));
        await IngestionFixture.WaitForCountAsync(_influx, "pr", device.PatientId, sent, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task ALargeBacklogDrainsCompletelyAfterTheHubIsKilledTwiceWhileDrainingIt()
    {
        const int Backlog = 30_000;
        var ct = TestContext.Current.CancellationToken;
        using var client = _hub.CreateClient();
        var seed = await RegistrySeed.LoginAsync(client);
        var device = await seed.AssignedDeviceAsync();
        // Down: its session and subscription stay at the broker, which queues the whole backlog for it.
        await _hub.KillAsync();
        // A small receive maximum: the broker has at most 500 messages out to the hub, so (with InfluxDB's 100 ms
        // linger) the drain takes seconds and each kill lands in the middle of it, with acknowledgements in flight.
        _hub.Set("Ingestion:ReceiveMaximum", "500");
        var origin = DateTimeOffset.UtcNow.AddSeconds(1);
        await using (var publisher = await DevicePublisher.AsDeviceAsync(DevicePublisher.SharedBrokerPort, device))
        {
            await Task.WhenAll(Enumerable.Range(0, Backlog).Select(i => publisher.TelemetryAsync(device.Id, string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $$"""[{"bt":{{(origin.ToUnixTimeMilliseconds() + i) / 1000.0:R}},"n":"spo2","u":"%","v":{{90 + (i % 10)}}}]"""))));
        }

        // Twice: started on the backlog, killed once part of it is written, with acknowledgements in flight.
        for (var round = 0; round < 2; round++)
        {
            var before = await _influx.TryCountAsync("spo2", device.PatientId);
            // Not waiting for readiness: a resumed session's backlog flows before the hub reports ready.
            await _hub.StartAsync(waitUntilConsuming: false);
            await BoundedWait.UntilAsync(() => _influx.TryCountAsync("spo2", device.PatientId).GetAwaiter().GetResult() is var now && (now > before || now == Backlog),
                TimeSpan.FromSeconds(60), () => $"nothing of the backlog written after start {round + 1}", ct);
            await _hub.KillAsync();
            TestContext.Current.TestOutputHelper?.WriteLine($"killed while draining: {await _influx.TryCountAsync("spo2", device.PatientId)} of {Backlog} written");
        }

        await _hub.StartAsync();
        await IngestionFixture.WaitForCountAsync(_influx, "spo2", device.PatientId, Backlog, TimeSpan.FromSeconds(180));
    }
}
