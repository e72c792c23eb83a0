using System.Text;

namespace Monitoring.Mqtt.Tests.Integration;

[Collection(MosquittoCollection.Name)]
public sealed class MqttClientReconnectTests : IClassFixture<MosquittoFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly MosquittoFixture _fixture;

    public MqttClientReconnectTests(MosquittoFixture fixture) => _fixture = fixture;

    public async ValueTask InitializeAsync() => await _fixture.Broker.StartAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync()
    {
        _fixture.ReportIfFailed();
        return ValueTask.CompletedTask;
    }

    [Fact(Timeout = 90_000)]
    public async Task CleanSessionSubscriberReconnectsAndResubscribesAfterBrokerRestart()
    {
        var ct = TestContext.Current.CancellationToken;
        var topic = MosquittoFixture.NewTopic("resubscribe");
        await using var subscriber = _fixture.CreateClient(autoReconnect: true);
        await using var received = new MessageCollector(subscriber, acknowledge: true);
        var events = new ConnectionEvents(subscriber);
        await subscriber.ConnectAsync(ct);
        await subscriber.SubscribeAsync([new MqttTopicFilter(topic, MqttQualityOfService.AtLeastOnce)], ct);
        await events.WaitForConnectedAsync(1, Bound, ct);

        await _fixture.Broker.RestartAsync(ct);

        await events.WaitForDisconnectedAsync(1, Bound, ct);
        Assert.False((await events.WaitForConnectedAsync(2, Bound, ct)).SessionPresent);

        // The broker forgot the clean session, so only the client's own SUBSCRIBE after
        // reconnecting can bring these in; probe until one arrives, as the client may raise
        // Connected before its SUBACK.
        await ProbeUntilReceivedAsync(topic, received, ct);
    }

    [Fact(Timeout = 90_000)]
    public async Task QueuedMessagesOfAnOfflinePersistentSessionSurviveBrokerRestart()
    {
        var ct = TestContext.Current.CancellationToken;
        var clientId = MosquittoFixture.NewClientId();
        var topic = MosquittoFixture.NewTopic("persisted");
        await using (var first = _fixture.CreateClient(clientId: clientId, cleanSession: false))
        {
            await first.ConnectAsync(ct);
            await first.SubscribeAsync([new MqttTopicFilter(topic, MqttQualityOfService.AtLeastOnce)], ct);
            await first.DisconnectAsync(ct);
        }

        var expected = Enumerable.Range(0, 5).Select(i => $"queued-{i}").ToList();
        await using (var publisher = _fixture.CreateClient("bob"))
        {
            await publisher.ConnectAsync(ct);
            foreach (var text in expected)
            {
                await publisher.PublishAsync(
                    new MqttApplicationMessage(topic, Encoding.UTF8.GetBytes(text), MqttQualityOfService.AtLeastOnce), ct);
            }

            await publisher.DisconnectAsync(ct);
        }

        // SIGTERM: Mosquitto writes mosquitto.db (persistence true) before exiting.
        await _fixture.Broker.RestartAsync(ct);

        await using var second = _fixture.CreateClient(clientId: clientId, cleanSession: false);
        await using var received = new MessageCollector(second, acknowledge: true);
        Assert.True((await second.ConnectAsync(ct)).SessionPresent, "the session did not survive the restart");
        await received.WaitForCountAsync(expected.Count, Bound, ct);
        Assert.Equal(expected, received.Snapshot().Select(m => m.Text));
    }

    [Fact(Timeout = 90_000)]
    public async Task PersistentSubscriberWithAutoReconnectReportsSessionPresentAfterBrokerRestart()
    {
        var ct = TestContext.Current.CancellationToken;
        var topic = MosquittoFixture.NewTopic("persistent-reconnect");
        await using var subscriber = _fixture.CreateClient(cleanSession: false, autoReconnect: true);
        await using var received = new MessageCollector(subscriber, acknowledge: true);
        var events = new ConnectionEvents(subscriber);
        await subscriber.ConnectAsync(ct);
        await subscriber.SubscribeAsync([new MqttTopicFilter(topic, MqttQualityOfService.AtLeastOnce)], ct);
        await events.WaitForConnectedAsync(1, Bound, ct);

        await _fixture.Broker.RestartAsync(ct);

        var reconnected = await events.WaitForConnectedAsync(2, Bound, ct);
        Assert.True(reconnected.SessionPresent, "Mosquitto restored the session from its persistence file; Connected should say so");
        await ProbeUntilReceivedAsync(topic, received, ct);
    }

    [Fact(Timeout = 90_000)]
    public async Task Qos1PublishInFlightWhenTheBrokerDiesCompletesAfterRestart()
    {
        var ct = TestContext.Current.CancellationToken;
        var clientId = MosquittoFixture.NewClientId();
        await using var publisher = _fixture.CreateClient(clientId: clientId, autoReconnect: true);
        await publisher.ConnectAsync(ct);

        var publish = await PublishIntoFrozenBrokerThenKillAndRestartAsync(publisher, ct);

        await BoundedWait.ForAsync(publish, Bound, "the in-flight QoS 1 PublishAsync after the broker restart", ct);
        await _fixture.Broker.WaitForLogLineAsync(
            l => l.Contains($"Received PUBLISH from {clientId}", StringComparison.Ordinal), Bound, ct);
    }

    [Fact(Timeout = 90_000)]
    public async Task Qos1PublishInFlightOfAPersistentSessionIsResentWithDupAfterBrokerRestart()
    {
        var ct = TestContext.Current.CancellationToken;
        var clientId = MosquittoFixture.NewClientId();
        await using var publisher = _fixture.CreateClient(clientId: clientId, cleanSession: false, autoReconnect: true);
        var events = new ConnectionEvents(publisher);
        await publisher.ConnectAsync(ct);
        await events.WaitForConnectedAsync(1, Bound, ct);
        // autosave_interval 1: once the session is in mosquitto.db, the killed broker comes back with it.
        // Mosquitto logs "Saving in-memory database" as a save starts and renames the file when it ends,
        // so freezing it at the first such line could catch it mid-save (the old file comes back, without
        // the session). A second save has started only after the first one (which holds the session) ended.
        await BoundedWait.UntilAsync(
            () => SavesSinceConnected(clientId) >= 2,
            Bound,
            () => "Mosquitto did not autosave twice after the client connected",
            ct);

        var publish = await PublishIntoFrozenBrokerThenKillAndRestartAsync(publisher, ct);

        Assert.True((await events.WaitForConnectedAsync(2, Bound, ct)).SessionPresent, "Mosquitto did not restore the persistent session from its completed autosave");

        await BoundedWait.ForAsync(publish, Bound, "the in-flight QoS 1 PublishAsync after the broker restart", ct);
        // MQTT 3.1.1 §4.4 and §3.3.1.1: resuming a session, the client re-sends unacknowledged PUBLISH with DUP=1.
        var line = await _fixture.Broker.WaitForLogLineAsync(
            l => l.Contains($"Received PUBLISH from {clientId}", StringComparison.Ordinal), Bound, ct);
        Assert.Contains("(d1, q1,", line, StringComparison.Ordinal);
    }

    [Fact(Timeout = 90_000)]
    public async Task Qos1PublishWhileTheBrokerIsDownIsDeliveredAfterRestart()
    {
        var ct = TestContext.Current.CancellationToken;
        var topic = MosquittoFixture.NewTopic("while-down");
        await using var subscriber = _fixture.CreateClient(cleanSession: false, autoReconnect: true);
        await using var received = new MessageCollector(subscriber, acknowledge: true);
        await subscriber.ConnectAsync(ct);
        await subscriber.SubscribeAsync([new MqttTopicFilter(topic, MqttQualityOfService.AtLeastOnce)], ct);
        await using var publisher = _fixture.CreateClient("bob", autoReconnect: true);
        await publisher.ConnectAsync(ct);

        await _fixture.Broker.StopAsync(ct);
        await BoundedWait.UntilAsync(() => !publisher.IsConnected, Bound, () => "the publisher still reports IsConnected", ct);
        var publish = publisher.PublishAsync(
            new MqttApplicationMessage(topic, Encoding.UTF8.GetBytes("sent while down"), MqttQualityOfService.AtLeastOnce), ct);
        await _fixture.Broker.StartAsync(ct);

        await BoundedWait.ForAsync(publish, Bound, "a QoS 1 PublishAsync queued while the broker was down", ct);
        // The subscriber's persistent session (restored from mosquitto.db) queues the message
        // even if the publisher reconnects first.
        await received.WaitForCountAsync(1, Bound, ct);
        Assert.Equal("sent while down", Assert.Single(received.Snapshot()).Text);
    }

    /// <summary>
    /// Frozen, the broker leaves the PUBLISH unread in its socket and sends no PUBACK; the kill
    /// then loses it, so only the client's retransmission after reconnecting can complete the call.
    /// </summary>
    private async Task<Task> PublishIntoFrozenBrokerThenKillAndRestartAsync(MqttClient publisher, CancellationToken ct)
    {
        _fixture.Broker.Pause();
        var publish = publisher.PublishAsync(
            new MqttApplicationMessage(MosquittoFixture.NewTopic("in-flight"), Encoding.UTF8.GetBytes("in flight"), MqttQualityOfService.AtLeastOnce),
            ct);
        // Time for the client to write the packet; that cannot be observed from outside.
        await Task.Delay(TimeSpan.FromSeconds(1), ct);
        Assert.False(publish.IsCompleted, "PublishAsync completed although the frozen broker could not have acknowledged it");
        await _fixture.Broker.KillAsync();
        await _fixture.Broker.StartAsync(ct);
        return publish;
    }

    private int SavesSinceConnected(string clientId)
    {
        var lines = _fixture.Broker.ReadLog().Split('\n');
        var connected = Array.FindLastIndex(
            lines,
            l => l.Contains("New client connected from", StringComparison.Ordinal) && l.Contains($" as {clientId} ", StringComparison.Ordinal));
        return connected < 0 ? 0 : lines.Skip(connected + 1).Count(l => l.Contains("Saving in-memory database", StringComparison.Ordinal));
    }

    private async Task ProbeUntilReceivedAsync(string topic, MessageCollector received, CancellationToken ct)
    {
        await using var prober = _fixture.CreateClient("bob");
        await prober.ConnectAsync(ct);
        var deadline = DateTime.UtcNow + Bound;
        var probes = 0;
        while (received.Count == 0)
        {
            Assert.True(
                DateTime.UtcNow < deadline,
                $"none of {probes} messages published after the restart reached the subscriber within {Bound.TotalSeconds:0} s");
            await prober.PublishAsync(
                new MqttApplicationMessage(topic, Encoding.UTF8.GetBytes($"probe-{probes++}"), MqttQualityOfService.AtLeastOnce), ct);
            await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
        }

        Assert.StartsWith("probe-", received.Snapshot()[0].Text, StringComparison.Ordinal);
    }
}
