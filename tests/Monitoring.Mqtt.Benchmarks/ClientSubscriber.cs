namespace Monitoring.Mqtt.Benchmarks;

/// <summary>Our client receiving on one connection and acknowledging each message after counting it, as the hub does.</summary>
public sealed class ClientSubscriber : IBenchSubscriber
{
    private readonly MqttClient _client;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public ClientSubscriber(BenchBroker broker, string clientId)
    {
        ArgumentNullException.ThrowIfNull(broker);
        _client = new MqttClient(broker.ClientOptions(clientId));
    }

    public string Name => "Monitoring.Mqtt";

    public async Task StartAsync(string topic, MqttQualityOfService qos, int count, SequenceTracker tracker, CancellationToken cancellationToken)
    {
        _loop = Task.Run(() => ReceiveAsync(tracker), CancellationToken.None);
        await _client.ConnectAsync(cancellationToken);
        await _client.SubscribeAsync([new MqttTopicFilter(topic, qos)], cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        await _client.DisposeAsync();
        _stop.Dispose();
    }

    private async Task ReceiveAsync(SequenceTracker tracker)
    {
        var messages = _client.Messages;
        while (await messages.WaitToReadAsync(_stop.Token))
        {
            while (messages.TryRead(out var message))
            {
                tracker.Record(message.Payload.Span);
                await message.AcknowledgeAsync(_stop.Token);
            }
        }
    }
}
