using MQTTnet;
using MQTTnet.Protocol;

namespace Monitoring.Hub.Benchmarks;

/// <summary>
/// The broker ceiling's receiver: an MQTTnet client on the device telemetry topics at QoS 1 that counts
/// each message and does nothing else; MQTTnet acknowledges it when the count is taken.
/// </summary>
public sealed class CountingSubscriber : IAsyncDisposable
{
    private IMqttClient? _client;
    private long _received;

    private CountingSubscriber()
    {
    }

    public long Received => Interlocked.Read(ref _received);

    public static async Task<CountingSubscriber> StartAsync(BenchSettings settings)
    {
        var subscriber = new CountingSubscriber();

        // As large a window as the hub's: Mosquitto's max_inflight_messages (20000 in scripts/services).
        subscriber._client = await BrokerClients.ConnectAdminAsync(settings, $"bench-count-{Environment.ProcessId}", subscriber.OnMessageAsync, receiveMaximum: 20_000);
        await BrokerClients.SubscribeAsync(subscriber._client, "rpm/v1/devices/+/telemetry", MqttQualityOfServiceLevel.AtLeastOnce);
        return subscriber;
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is { } client)
        {
            await BrokerClients.DisconnectAsync(client);
        }
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        Interlocked.Increment(ref _received);
        return Task.CompletedTask;
    }
}
