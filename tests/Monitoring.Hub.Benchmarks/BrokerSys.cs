using System.Buffers;
using System.Buffers.Text;
using MQTTnet;
using MQTTnet.Protocol;

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

    private IMqttClient? _client;
    private long _stored;
    private long _dropped;

    private BrokerSys()
    {
    }

    public long Stored => Interlocked.Read(ref _stored);

    public long Dropped => Interlocked.Read(ref _dropped);

    public static async Task<BrokerSys> StartAsync(BenchSettings settings)
    {
        var sys = new BrokerSys();
        sys._client = await BrokerClients.ConnectAdminAsync(settings, $"bench-sys-{Environment.ProcessId}", sys.OnMessageAsync);
        await BrokerClients.SubscribeAsync(sys._client, StoreTopic, MqttQualityOfServiceLevel.AtMostOnce);
        await BrokerClients.SubscribeAsync(sys._client, DroppedTopic, MqttQualityOfServiceLevel.AtMostOnce);
        return sys;
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
        var message = e.ApplicationMessage;
        var payload = message.Payload.IsSingleSegment ? message.Payload.FirstSpan : message.Payload.ToArray();
        if (Utf8Parser.TryParse(payload, out long value, out _))
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

        return Task.CompletedTask;
    }
}
