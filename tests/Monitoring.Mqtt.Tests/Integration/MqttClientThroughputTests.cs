using System.Buffers.Binary;

namespace Monitoring.Mqtt.Tests.Integration;

/// <summary>Volume without timing: every message arrives exactly once. Speed is the benchmark's business.</summary>
[Collection(MosquittoCollection.Name)]
public sealed class MqttClientThroughputTests : IClassFixture<MosquittoFixture>, IAsyncLifetime
{
    private readonly MosquittoFixture _fixture;

    public MqttClientThroughputTests(MosquittoFixture fixture) => _fixture = fixture;

    public async ValueTask InitializeAsync() => await _fixture.Broker.StartAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync()
    {
        _fixture.ReportIfFailed();
        return ValueTask.CompletedTask;
    }

    [Fact(Timeout = 240_000)]
    public async Task TwentyThousandQos1MessagesArriveExactlyOnceAtAManuallyAcknowledgingSubscriber()
    {
        const int count = 20_000;
        const int endMarker = -1;
        var ct = TestContext.Current.CancellationToken;
        var topic = MosquittoFixture.NewTopic("volume");
        await using var subscriber = _fixture.CreateClient("alice");
        await using var received = new MessageCollector(subscriber, acknowledge: true);
        await subscriber.ConnectAsync(ct);
        await subscriber.SubscribeAsync([new MqttTopicFilter(topic, MqttQualityOfService.AtLeastOnce)], ct);

        await using var publisher = _fixture.CreateClient("bob");
        await publisher.ConnectAsync(ct);
        // 2,000 calls outstanding against MaxInFlight 1,000: the client must queue the rest itself.
        await PublishBurst.PublishAsync(publisher, count, i => Message(topic, i), outstanding: 2_000, ct);
        await publisher.PublishAsync(Message(topic, endMarker), ct);

        // Published after every other PUBACK, the marker comes last: nothing can follow it.
        await received.WaitForCountAsync(count + 1, TimeSpan.FromSeconds(120), ct);
        var sequences = received.Snapshot().Select(m => BinaryPrimitives.ReadInt32BigEndian(m.Payload)).ToList();
        Assert.Equal(endMarker, sequences[^1]);
        var readings = sequences[..^1];
        var duplicates = readings.GroupBy(s => s).Where(g => g.Count() > 1).Select(g => g.Key).Take(10).ToList();
        Assert.True(duplicates.Count == 0, $"delivered more than once: {string.Join(", ", duplicates)}");
        Assert.Equal(Enumerable.Range(0, count), readings.Order());
        Assert.DoesNotContain(received.Snapshot(), m => m.Duplicate);
        Assert.Empty(received.AcknowledgeFailures);
    }

    private static MqttApplicationMessage Message(string topic, int sequence)
    {
        var payload = new byte[120];
        BinaryPrimitives.WriteInt32BigEndian(payload, sequence);
        return new MqttApplicationMessage(topic, payload, MqttQualityOfService.AtLeastOnce);
    }
}
