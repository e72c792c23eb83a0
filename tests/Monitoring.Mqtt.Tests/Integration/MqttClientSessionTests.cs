using System.Text;
using Monitoring.Mqtt.Internal;

namespace Monitoring.Mqtt.Tests.Integration;

[Collection(MosquittoCollection.Name)]
public sealed class MqttClientSessionTests : IClassFixture<MosquittoFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly MosquittoFixture _fixture;

    public MqttClientSessionTests(MosquittoFixture fixture) => _fixture = fixture;

    public async ValueTask InitializeAsync() => await _fixture.Broker.StartAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync()
    {
        _fixture.ReportIfFailed();
        return ValueTask.CompletedTask;
    }

    [Fact(Timeout = 90_000)]
    public async Task Qos1MessagesPublishedWhileAPersistentSubscriberIsOfflineArriveWhenItReconnects()
    {
        var ct = TestContext.Current.CancellationToken;
        var clientId = MosquittoFixture.NewClientId();
        var topic = MosquittoFixture.NewTopic("offline");
        await using (var first = _fixture.CreateClient(clientId: clientId, cleanSession: false))
        {
            await first.ConnectAsync(ct);
            await first.SubscribeAsync([new MqttTopicFilter(topic, MqttQualityOfService.AtLeastOnce)], ct);
            await first.DisconnectAsync(ct);
        }

        var expected = Enumerable.Range(0, 10).Select(i => $"reading-{i}").ToList();
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

        await using var second = _fixture.CreateClient(clientId: clientId, cleanSession: false);
        await using var received = new MessageCollector(second, acknowledge: true);
        var result = await second.ConnectAsync(ct);

        Assert.True(result.SessionPresent, "the broker should have kept the session of a CleanSession=false client");
        await received.WaitForCountAsync(expected.Count, Bound, ct);
        // MQTT 3.1.1 §4.6: QoS 1 messages on one topic arrive in the order they were published.
        Assert.Equal(expected, received.Snapshot().Select(m => m.Text));
        Assert.All(received.Snapshot(), m => Assert.Equal(MqttQualityOfService.AtLeastOnce, m.Qos));
    }

    [Fact(Timeout = 90_000)]
    public async Task UnacknowledgedMessagesAreRedeliveredAsDuplicatesUntilAcknowledged()
    {
        var ct = TestContext.Current.CancellationToken;
        var clientId = MosquittoFixture.NewClientId();
        var topic = MosquittoFixture.NewTopic("redelivery");
        var expected = new[] { "a", "b", "c" };
        await using var publisher = _fixture.CreateClient("bob");
        await publisher.ConnectAsync(ct);

        await using (var forgetful = _fixture.CreateClient(clientId: clientId, cleanSession: false))
        {
            await using var unacknowledged = new MessageCollector(forgetful, acknowledge: false);
            await forgetful.ConnectAsync(ct);
            await forgetful.SubscribeAsync([new MqttTopicFilter(topic, MqttQualityOfService.AtLeastOnce)], ct);
            foreach (var text in expected)
            {
                await publisher.PublishAsync(
                    new MqttApplicationMessage(topic, Encoding.UTF8.GetBytes(text), MqttQualityOfService.AtLeastOnce), ct);
            }

            await unacknowledged.WaitForCountAsync(expected.Length, Bound, ct);
            Assert.All(unacknowledged.Snapshot(), m => Assert.False(m.Duplicate));
            await forgetful.DisconnectAsync(ct);
        }

        await using (var acknowledging = _fixture.CreateClient(clientId: clientId, cleanSession: false))
        {
            await using var redelivered = new MessageCollector(acknowledging, acknowledge: true);
            var result = await acknowledging.ConnectAsync(ct);
            Assert.True(result.SessionPresent);

            await redelivered.WaitForCountAsync(expected.Length, Bound, ct);
            Assert.Equal(expected, redelivered.Snapshot().Select(m => m.Text));
            // MQTT 3.1.1 §4.4: a re-sent PUBLISH carries DUP=1.
            Assert.All(redelivered.Snapshot(), m => Assert.True(m.Duplicate, $"'{m.Text}' was redelivered without DUP"));
            Assert.Empty(redelivered.AcknowledgeFailures);
            await acknowledging.DisconnectAsync(ct);
        }

        await using var later = _fixture.CreateClient(clientId: clientId, cleanSession: false);
        await using var afterAck = new MessageCollector(later, acknowledge: true);
        Assert.True((await later.ConnectAsync(ct)).SessionPresent);
        await publisher.PublishAsync(
            new MqttApplicationMessage(topic, Encoding.UTF8.GetBytes("marker"), MqttQualityOfService.AtLeastOnce), ct);

        // Mosquitto re-sends a session's unacknowledged messages right after CONNACK, before
        // anything published later, so once the marker is here no redelivery can still come.
        await afterAck.WaitForCountAsync(1, Bound, ct);
        var only = Assert.Single(afterAck.Snapshot());
        Assert.Equal("marker", only.Text);
        Assert.False(only.Duplicate);
    }

    [Fact(Timeout = 240_000)]
    public async Task AHugeSharedBacklogDrainsCompletelyAfterSubscribersDroppedMidStream()
    {
        // Session 1's hub reconnect-looped on exactly this: a persistent $share session holding a large backlog,
        // resumed after connections died while acknowledging. Mosquitto then overruns max_inflight_messages.
        const int backlog = 150_000;
        var ct = TestContext.Current.CancellationToken;
        var clientId = MosquittoFixture.NewClientId();
        var topic = MosquittoFixture.NewTopic("backlog");
        var options = _fixture.ClientOptions(clientId: clientId, cleanSession: false);
        await using (var subscriber = _fixture.CreateClient(options))
        {
            await subscriber.ConnectAsync(ct);
            await subscriber.SubscribeAsync([new MqttTopicFilter($"$share/hubs/{topic}/#", MqttQualityOfService.AtLeastOnce)], ct);
            await subscriber.DisconnectAsync(ct);
        }

        await using (var publisher = _fixture.CreateClient("bob"))
        {
            await publisher.ConnectAsync(ct);
            await PublishBurst.PublishAsync(
                publisher,
                backlog,
                i => new MqttApplicationMessage($"{topic}/d{i % 100}", Encoding.UTF8.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)), MqttQualityOfService.AtLeastOnce),
                outstanding: 2_000,
                ct);
            await publisher.DisconnectAsync(ct);
        }

        var seen = new HashSet<string>();
        for (var round = 0; round < 3; round++)
        {
            seen.UnionWith(await AbruptSubscriber.AcknowledgeThenDropAsync(options, acknowledge: 20_000, ct));
        }

        // The consumer now holds the first message back (an InfluxDB write in flight, say) and acknowledges the rest;
        // in-order acknowledgement (spec 4.6) means the broker sees none of them until the first is done.
        await using var client = _fixture.CreateClient(options);
        var disconnects = 0;
        client.Disconnected += (_, _) => Interlocked.Increment(ref disconnects);
        Assert.True((await client.ConnectAsync(ct)).SessionPresent);

        var first = await client.Messages.ReadAsync(ct).AsTask().WaitAsync(Bound, ct);
        seen.Add(Encoding.UTF8.GetString(first.Payload.Span));
        var heldBack = 0;
        while (await TryReadAsync(client, TimeSpan.FromSeconds(3), ct) is { } message)
        {
            heldBack++;
            seen.Add(Encoding.UTF8.GetString(message.Payload.Span));
            await message.AcknowledgeAsync(ct);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"received while the first was held back: {heldBack + 1}");
        Assert.InRange(heldBack + 1, 1, IncomingAckSequencer.Limit);
        Assert.Equal(0, Volatile.Read(ref disconnects));

        await first.AcknowledgeAsync(ct);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (seen.Count < backlog && DateTime.UtcNow < deadline)
        {
            if (await TryReadAsync(client, TimeSpan.FromSeconds(10), ct) is not { } message)
            {
                break;
            }

            seen.Add(Encoding.UTF8.GetString(message.Payload.Span));
            await message.AcknowledgeAsync(ct);
        }

        Assert.Equal(0, Volatile.Read(ref disconnects));
        Assert.True(client.IsConnected);

        // Nothing lost: what the dropped subscribers acknowledged plus what this one received is the whole backlog.
        Assert.Equal(backlog, seen.Count);
    }

    /// <summary>The next message, or null after <paramref name="quiet"/> without one (no read is left pending to swallow a later message).</summary>
    private static async Task<MqttReceivedMessage?> TryReadAsync(MqttClient client, TimeSpan quiet, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(quiet);
        try
        {
            while (await client.Messages.WaitToReadAsync(timeout.Token))
            {
                if (client.Messages.TryRead(out var message))
                {
                    return message;
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }

        return null;
    }
}
