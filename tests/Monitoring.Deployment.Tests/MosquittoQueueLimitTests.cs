using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Monitoring.Deployment.Tests;

/// <summary>
/// Why Mosquitto 2.0.11 lost readings it had acknowledged (issue 15, docs/ingestion.md), on the real
/// broker: a persistent QoS 1 subscriber that acknowledges nothing until the publisher is done (a hub
/// behind a slow database). With a count limit the broker drops once the session's whole backlog,
/// queued and in flight, passes <c>max_queued_messages + max_inflight_messages</c>, and <c>$SYS</c>
/// counts exactly the messages the subscriber never gets. With the queue settings the project ships
/// (scripts/services/mosquitto.conf.template, which deploy/ repeats) nothing is dropped. The old limits
/// are scaled down (5,000 queued instead of 1,000,000) so the machine reaches them in seconds.
/// </summary>
public sealed class MosquittoQueueLimitTests : IAsyncDisposable
{
    private const int Messages = 40_000;
    private const string Topic = "it/queue-limit/readings";
    private readonly string _folder = Directory.CreateTempSubdirectory("deploy-queue-limit-").FullName;
    private TemporaryBroker? _broker;

    public async ValueTask DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Fact(Timeout = 300_000)]
    public async Task ACountLimitDropsAcknowledgedMessagesOnceTheSessionsWholeBacklogPassesIt()
    {
        // The old shape: a count limit (the shipped file had 1,000,000 queued, 20,000 in flight).
        var (received, dropped) = await RunAsync(["max_queued_messages 5000", "max_queued_bytes 0", "max_inflight_messages 20000"]);

        Assert.True(dropped > 0, "the broker dropped nothing with a count limit far below the backlog");
        // Every message the publisher had acknowledged is either delivered or counted as dropped.
        Assert.Equal(Messages, received + dropped);
        // Queued and in flight together count: the subscriber got up to 5,000 + 20,000, not 5,000.
        Assert.InRange(received, 5_001, 25_000);
    }

    [Fact(Timeout = 300_000)]
    public async Task TheShippedQueueSettingsDeliverEveryAcknowledgedMessageToASlowSubscriber()
    {
        var (received, dropped) = await RunAsync(ShippedQueueSettings());

        Assert.Equal(0, dropped);
        Assert.Equal(Messages, received);
    }

    /// <summary>The queue lines of the local broker's template.</summary>
    private static List<string> ShippedQueueSettings()
    {
        var lines = Repository.Read("scripts/services/mosquitto.conf.template")
            .Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("max_queued_", StringComparison.Ordinal) || l.StartsWith("max_inflight_", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(lines, l => l.StartsWith("max_queued_messages ", StringComparison.Ordinal));
        return lines;
    }

    private async Task<(int Received, long Dropped)> RunAsync(IReadOnlyList<string> queueSettings)
    {
        var ct = TestContext.Current.CancellationToken;
        var port = TemporaryBroker.FreePort();
        _broker = await TemporaryBroker.StartAsync(_folder, port, string.Join('\n',
        [
            $"listener {port} 127.0.0.1",
            "allow_anonymous true",
            "persistence false",
            "sys_interval 1",
            .. queueSettings,
        ]));
        var factory = new MqttClientFactory();

        var dropped = -1L;
        using var watcher = factory.CreateMqttClient();
        watcher.ApplicationMessageReceivedAsync += e =>
        {
            Interlocked.Exchange(ref dropped, long.Parse(Encoding.ASCII.GetString(e.ApplicationMessage.Payload.ToArray()), CultureInfo.InvariantCulture));
            return Task.CompletedTask;
        };
        await watcher.ConnectAsync(Options(port, "watcher", cleanSession: true), ct);
        await watcher.SubscribeAsync(factory.CreateSubscribeOptionsBuilder()
            .WithTopicFilter("$SYS/broker/publish/messages/dropped", MqttQualityOfServiceLevel.AtMostOnce).Build(), ct);

        // The slow subscriber: a persistent session that holds every acknowledgement back while the
        // publisher runs, as the hub does while its database does not answer.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ids = new ConcurrentDictionary<int, bool>();
        var held = new ConcurrentQueue<MqttApplicationMessageReceivedEventArgs>();
        using var subscriber = factory.CreateMqttClient();
        subscriber.ApplicationMessageReceivedAsync += async e =>
        {
            e.AutoAcknowledge = false;
            ids.TryAdd(BinaryPrimitives.ReadInt32BigEndian(e.ApplicationMessage.Payload.ToArray()), true);
            if (!release.Task.IsCompleted)
            {
                held.Enqueue(e);
                return;
            }

            while (held.TryDequeue(out var earlier))
            {
                await earlier.AcknowledgeAsync(ct);
            }

            await e.AcknowledgeAsync(ct);
        };
        await subscriber.ConnectAsync(Options(port, "slow-subscriber", cleanSession: false), ct);
        await subscriber.SubscribeAsync(factory.CreateSubscribeOptionsBuilder()
            .WithTopicFilter(Topic, MqttQualityOfServiceLevel.AtLeastOnce).Build(), ct);

        using (var publisher = factory.CreateMqttClient())
        {
            await publisher.ConnectAsync(Options(port, "publisher", cleanSession: true), ct);
            // Every PublishAsync completes on the broker's PUBACK: the device considers the reading delivered.
            var pending = new Queue<Task>();
            for (var i = 0; i < Messages; i++)
            {
                if (pending.Count == 1000)
                {
                    await pending.Dequeue();
                }

                var payload = new byte[4];
                BinaryPrimitives.WriteInt32BigEndian(payload, i);
                pending.Enqueue(publisher.PublishAsync(new MqttApplicationMessageBuilder()
                    .WithTopic(Topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), ct));
            }

            await Task.WhenAll(pending);
        }

        // The database is back: acknowledge what is held (the handler acknowledges the rest as it comes).
        release.SetResult();
        while (held.TryDequeue(out var message))
        {
            await message.AcknowledgeAsync(ct);
        }

        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (!(Interlocked.Read(ref dropped) >= 0 && ids.Count + Interlocked.Read(ref dropped) >= Messages))
        {
            Assert.True(DateTime.UtcNow < deadline, $"received {ids.Count}, broker counts {Interlocked.Read(ref dropped)} dropped, of {Messages}");
            await Task.Delay(100, ct);
        }

        // One more $SYS interval: a late drop count would show here.
        var settled = Interlocked.Read(ref dropped);
        await Task.Delay(TimeSpan.FromSeconds(2.5), ct);
        Assert.Equal(settled, Interlocked.Read(ref dropped));
        TestContext.Current.TestOutputHelper?.WriteLine($"{string.Join(", ", queueSettings)}: received {ids.Count} of {Messages}, $SYS dropped {settled}");
        return (ids.Count, settled);
    }

    private static MqttClientOptions Options(int port, string name, bool cleanSession) => new MqttClientOptionsBuilder()
        .WithTcpServer("127.0.0.1", port)
        .WithClientId($"{name}-{Guid.NewGuid():N}"[..30])
        .WithProtocolVersion(MqttProtocolVersion.V311)
        .WithCleanSession(cleanSession)
        .Build();
}
