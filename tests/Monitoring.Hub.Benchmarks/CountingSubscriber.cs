using Monitoring.Mqtt;

namespace Monitoring.Hub.Benchmarks;

/// <summary>The broker ceiling's receiver: our client on the device telemetry topics at QoS 1, acknowledging each message after counting it and doing nothing else.</summary>
public sealed class CountingSubscriber : IAsyncDisposable
{
    private readonly MqttClient _client;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private long _received;

    private CountingSubscriber(MqttClient client) => _client = client;

    public long Received => Interlocked.Read(ref _received);

    public int ProcessId => Environment.ProcessId;

    public static async Task<CountingSubscriber> StartAsync(BenchSettings settings)
    {
        // As large a window as the hub's (Mosquitto's max_inflight_messages is 20000 in scripts/services).
        var subscriber = new CountingSubscriber(BrokerClients.Admin(settings, $"bench-count-{Environment.ProcessId}", receiveQueue: 65_535, maxInFlight: 1000));
        subscriber._loop = Task.Run(subscriber.ReadAsync);
        await subscriber._client.ConnectAsync();
        await subscriber._client.SubscribeAsync([new MqttTopicFilter("rpm/v1/devices/+/telemetry", MqttQualityOfService.AtLeastOnce)]);
        return subscriber;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _client.DisposeAsync();
        _stop.Dispose();
    }

    private async Task ReadAsync()
    {
        var messages = _client.Messages;
        while (await messages.WaitToReadAsync(_stop.Token))
        {
            while (messages.TryRead(out var message))
            {
                Interlocked.Increment(ref _received);
                var ack = message.AcknowledgeAsync(_stop.Token);
                if (!ack.IsCompletedSuccessfully)
                {
                    await ack;
                }
            }
        }
    }
}
