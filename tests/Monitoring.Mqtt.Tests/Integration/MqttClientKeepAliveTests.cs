using System.Diagnostics;

namespace Monitoring.Mqtt.Tests.Integration;

[Collection(MosquittoCollection.Name)]
public sealed class MqttClientKeepAliveTests : IClassFixture<MosquittoFixture>, IAsyncLifetime
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(2);

    // MQTT 3.1.1 §3.1.2.10: the client pings within one keep-alive period and should drop a
    // connection whose PINGRESP does not come "within a reasonable amount of time"; three
    // periods plus slack for a loaded two-core machine is the bound the tests accept.
    private static readonly TimeSpan DetectionBound = 3 * KeepAlive + TimeSpan.FromSeconds(2);

    private readonly MosquittoFixture _fixture;

    public MqttClientKeepAliveTests(MosquittoFixture fixture) => _fixture = fixture;

    public async ValueTask InitializeAsync() => await _fixture.Broker.StartAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync()
    {
        _fixture.ReportIfFailed();
        return ValueTask.CompletedTask;
    }

    [Fact(Timeout = 60_000)]
    public async Task IdleConnectionStaysUpForThreeKeepAlivePeriodsThenBrokerKillRaisesDisconnected()
    {
        var ct = TestContext.Current.CancellationToken;
        var clientId = MosquittoFixture.NewClientId();
        await using var client = _fixture.CreateClient(clientId: clientId, keepAlive: KeepAlive);
        var events = new ConnectionEvents(client);
        await client.ConnectAsync(ct);

        // Mosquitto drops a client that sends nothing for 1.5 keep-alive periods (§3.1.2.10),
        // so staying up this long with no traffic of ours means the client pinged.
        var idle = Stopwatch.StartNew();
        while (idle.Elapsed < 3 * KeepAlive)
        {
            Assert.True(client.IsConnected, $"IsConnected went false after {idle.Elapsed.TotalSeconds:0.0} s of idling");
            Assert.True(events.Disconnected.Count == 0, $"Disconnected was raised after {idle.Elapsed.TotalSeconds:0.0} s of idling");
            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        }

        Assert.Contains($"Received PINGREQ from {clientId}", _fixture.Broker.ReadLog(), StringComparison.Ordinal);

        await _fixture.Broker.KillAsync();
        var args = await events.WaitForDisconnectedAsync(1, DetectionBound, ct);
        Assert.False(client.IsConnected);
        TestContext.Current.TestOutputHelper?.WriteLine($"Disconnected: reason '{args.Reason}', exception {args.Exception?.GetType().Name}");
    }

    [Fact(Timeout = 60_000)]
    public async Task FrozenBrokerIsDetectedWhenPingResponsesStop()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = _fixture.CreateClient(keepAlive: KeepAlive);
        var events = new ConnectionEvents(client);
        await client.ConnectAsync(ct);

        // SIGSTOP keeps the socket open but silent: unlike a kill, no FIN or RST tells the
        // client anything, so only its keep-alive timer can notice (a half-open connection).
        _fixture.Broker.Pause();
        try
        {
            var args = await events.WaitForDisconnectedAsync(1, DetectionBound, ct);
            Assert.False(client.IsConnected);
            TestContext.Current.TestOutputHelper?.WriteLine($"Disconnected: reason '{args.Reason}', exception {args.Exception?.GetType().Name}");
        }
        finally
        {
            _fixture.Broker.Resume();
        }
    }
}
