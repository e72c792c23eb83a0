using System.Buffers.Text;
using Monitoring.Mqtt;

namespace Monitoring.Hub.Benchmarks;

/// <summary>
/// The broker's own counters from <c>$SYS</c> (published every <c>sys_interval</c>, 5 s in
/// scripts/services): messages held in its store (queued for slow subscribers) and QoS 1 messages
/// it dropped because a queue limit was reached.
/// </summary>
public sealed class BrokerSys : IAsyncDisposable
{
    private const string StoreTopic = "$SYS/broker/store/messages/count";
    private const string DroppedTopic = "$SYS/broker/publish/messages/dropped";

    private readonly MqttClient _client;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private long _stored;
    private long _dropped;

    private BrokerSys(MqttClient client) => _client = client;

    public long Stored => Interlocked.Read(ref _stored);

    public long Dropped => Interlocked.Read(ref _dropped);

    public static async Task<BrokerSys> StartAsync(BenchSettings settings)
    {
        var sys = new BrokerSys(BrokerClients.Admin(settings, $"bench-sys-{Environment.ProcessId}"));
        sys._loop = Task.Run(sys.ReadAsync);
        await sys._client.ConnectAsync();
        await sys._client.SubscribeAsync([new MqttTopicFilter(StoreTopic, MqttQualityOfService.AtMostOnce), new MqttTopicFilter(DroppedTopic, MqttQualityOfService.AtMostOnce)]);
        return sys;
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
        await foreach (var message in _client.Messages.ReadAllAsync(_stop.Token))
        {
            if (Utf8Parser.TryParse(message.Payload.Span, out long value, out _))
            {
                if (message.Topic == StoreTopic)
                {
                    Interlocked.Exchange(ref _stored, value);
                }
                else if (message.Topic == DroppedTopic)
                {
                    Interlocked.Exchange(ref _dropped, value);
                }
            }
        }
    }
}
