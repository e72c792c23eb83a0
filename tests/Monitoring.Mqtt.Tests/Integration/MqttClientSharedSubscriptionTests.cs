using System.Globalization;
using System.Text;

namespace Monitoring.Mqtt.Tests.Integration;

[Collection(MosquittoCollection.Name)]
public sealed class MqttClientSharedSubscriptionTests : IClassFixture<MosquittoFixture>, IAsyncLifetime
{
    private readonly MosquittoFixture _fixture;

    public MqttClientSharedSubscriptionTests(MosquittoFixture fixture) => _fixture = fixture;

    public async ValueTask InitializeAsync() => await _fixture.Broker.StartAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync()
    {
        _fixture.ReportIfFailed();
        return ValueTask.CompletedTask;
    }

    [Fact(Timeout = 120_000)]
    public async Task TwoSharedSubscribersSplitAStreamWithoutOverlapOrLoss()
    {
        const int count = 2_000;
        var ct = TestContext.Current.CancellationToken;
        var topic = MosquittoFixture.NewTopic("shared");
        var filter = new MqttTopicFilter($"$share/hub-{Guid.NewGuid():N}/{topic}", MqttQualityOfService.AtLeastOnce);

        await using var first = _fixture.CreateClient("alice");
        await using var second = _fixture.CreateClient("bob");
        await using var firstReceived = new MessageCollector(first, acknowledge: true);
        await using var secondReceived = new MessageCollector(second, acknowledge: true);
        foreach (var subscriber in new[] { first, second })
        {
            await subscriber.ConnectAsync(ct);
            var granted = await subscriber.SubscribeAsync([filter], ct);
            Assert.Equal([MqttSubscribeReturnCode.GrantedQos1], granted.Codes);
        }

        await using var publisher = _fixture.CreateClient("alice");
        await publisher.ConnectAsync(ct);
        await PublishBurst.PublishAsync(
            publisher,
            count,
            i => new MqttApplicationMessage(topic, Encoding.ASCII.GetBytes(i.ToString(CultureInfo.InvariantCulture)), MqttQualityOfService.AtLeastOnce),
            outstanding: 200,
            ct);

        await BoundedWait.UntilAsync(
            () => firstReceived.Count + secondReceived.Count >= count,
            TimeSpan.FromSeconds(60),
            () => $"the two shared subscribers received {firstReceived.Count} + {secondReceived.Count} of {count}",
            ct);

        var firstSequences = firstReceived.Snapshot().Select(m => int.Parse(m.Text, CultureInfo.InvariantCulture)).ToList();
        var secondSequences = secondReceived.Snapshot().Select(m => int.Parse(m.Text, CultureInfo.InvariantCulture)).ToList();
        Assert.Empty(firstSequences.Intersect(secondSequences));
        Assert.Equal(count, firstSequences.Count + secondSequences.Count);
        Assert.Equal(Enumerable.Range(0, count), firstSequences.Concat(secondSequences).Order());
        Assert.NotEmpty(firstSequences);
        Assert.NotEmpty(secondSequences);
    }
}
