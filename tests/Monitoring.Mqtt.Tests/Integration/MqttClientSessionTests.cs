using System.Text;

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
}
