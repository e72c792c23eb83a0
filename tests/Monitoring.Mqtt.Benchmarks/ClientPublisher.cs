namespace Monitoring.Mqtt.Benchmarks;

/// <summary>Our client publishing with many PublishAsync calls outstanding (the client's MaxInFlight window does the pacing).</summary>
public sealed class ClientPublisher : IBenchPublisher
{
    private const int Outstanding = 2_000;
    private readonly MqttClient _client;
    private readonly SenmlPayload _payload;
    private readonly int _sequenceOffset;

    public ClientPublisher(BenchBroker broker, SenmlPayload payload, string clientId, int sequenceOffset = 0)
    {
        ArgumentNullException.ThrowIfNull(broker);
        _client = new MqttClient(broker.ClientOptions(clientId));
        _payload = payload;
        _sequenceOffset = sequenceOffset;
    }

    public string Name => "Monitoring.Mqtt";

    public long Published { get; private set; }

    public async Task PrepareAsync(CancellationToken cancellationToken) => await _client.ConnectAsync(cancellationToken);

    public Task PublishAsync(string topic, MqttQualityOfService qos, int count, CancellationToken cancellationToken) =>
        PublishUntilAsync(topic, qos, i => i < count, cancellationToken);

    /// <summary>Publishes sequence numbers from the offset on while <paramref name="more"/> says so.</summary>
    public async Task PublishUntilAsync(string topic, MqttQualityOfService qos, Func<int, bool> more, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(more);
        var pending = new Queue<Task>(Outstanding);
        for (var i = 0; more(i); i++)
        {
            if (pending.Count == Outstanding)
            {
                await pending.Dequeue();
            }

            pending.Enqueue(_client.PublishAsync(
                new MqttApplicationMessage(topic, _payload.Bytes(_sequenceOffset + i), qos), cancellationToken));
            Published = i + 1;
        }

        await Task.WhenAll(pending);
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        await _client.DisposeAsync();
    }
}
