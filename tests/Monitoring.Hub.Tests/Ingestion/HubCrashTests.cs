using Monitoring.Hub.Tests.Infrastructure;
using Monitoring.Mqtt.Tests.Integration;

namespace Monitoring.Hub.Tests.Ingestion;

/// <summary>
/// The hub process is killed (SIGKILL, no graceful stop) mid-stream and started again: what it had
/// received but not written was never acknowledged, so the broker delivers it again; nothing is lost,
/// and the points written twice are the same points.
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
}
