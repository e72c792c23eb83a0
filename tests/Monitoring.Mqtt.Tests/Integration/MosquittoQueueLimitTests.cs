using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Monitoring.Mqtt.Tests.Integration;

/// <summary>
/// Why Mosquitto 2.0.11 lost readings it had acknowledged (issue 15), on the real broker: a persistent
/// QoS 1 subscriber that acknowledges nothing until the publisher is done (a hub behind a slow
/// database). With a count limit, the broker drops once the session's whole backlog, queued and in
/// flight, passes <c>max_queued_messages + max_inflight_messages</c>, and <c>$SYS</c> counts exactly
/// the messages the subscriber never gets. With the settings the project ships
/// (scripts/services/mosquitto.conf.template) nothing is dropped. The old limits are scaled down
/// (5,000 queued instead of 1,000,000) so the machine reaches them in seconds; the accounting is the same.
/// </summary>
public sealed class MosquittoQueueLimitTests : IAsyncLifetime
{
    private const int Messages = 40_000;
    private const string Topic = "it/queue-limit/readings";
    private static readonly Dictionary<string, string> Users = new() { ["alice"] = "alice-secret" };

    private readonly List<MosquittoProcess> _brokers = [];

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var broker in _brokers)
        {
            if (TestContext.Current.TestState?.Result == TestResult.Failed)
            {
                TestContext.Current.TestOutputHelper?.WriteLine(broker.Describe());
            }

            await broker.DisposeAsync();
        }
    }

    [Fact(Timeout = 300_000)]
    public async Task ACountLimitDropsAcknowledgedMessagesOnceTheSessionsWholeBacklogPassesIt()
    {
        // The old shape: a count limit (the shipped file had 1,000,000 queued, 20,000 in flight).
        var (received, dropped) = await RunAsync(["max_queued_messages 5000", "max_queued_bytes 0", "max_inflight_messages 20000"]);

        Assert.True(dropped > 0, "the broker dropped nothing with a count limit far below the backlog");
        // Every message the publisher had acknowledged is either delivered or counted as dropped.
        Assert.Equal(Messages, received + dropped);
        // Queued and in flight together count: the subscriber got up to 5,000 + 20,000 (25,000 when measured), not 5,000.
        Assert.InRange(received, 5_001, 25_000);
    }

    [Fact(Timeout = 300_000)]
    public async Task TheShippedQueueSettingsDeliverEveryAcknowledgedMessageToASlowSubscriber()
    {
        var (received, dropped) = await RunAsync(ShippedQueueSettings());

        Assert.Equal(0, dropped);
        Assert.Equal(Messages, received);
    }

    /// <summary>The queue lines of the local broker's template, which deploy/ repeats (Monitoring.Deployment.Tests compare them).</summary>
    private static List<string> ShippedQueueSettings()
    {
        var root = MosquittoSettings.FindRepositoryRoot() ?? throw new InvalidOperationException("runs from a checkout only");
        var lines = File.ReadAllLines(Path.Combine(root, "scripts", "services", "mosquitto.conf.template"))
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("max_queued_", StringComparison.Ordinal) || l.StartsWith("max_inflight_", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(lines, l => l.StartsWith("max_queued_messages ", StringComparison.Ordinal));
        return lines;
    }

    private async Task<(int Received, long Dropped)> RunAsync(IReadOnlyList<string> queueSettings)
    {
        var ct = TestContext.Current.CancellationToken;
        var broker = await MosquittoProcess.CreateAsync(
            new MosquittoSettings
            {
                DataRoot = MosquittoSettings.LocalDataRoot(Path.Combine("test", "mqtt-queue")),
                Users = Users,
                AclLines = ["user alice", "topic readwrite #", "topic read $SYS/#"],
                LogTypes = ["error", "warning", "notice"],
                ExtraConfig = [.. queueSettings, "sys_interval 1"],
            },
            ct);
        _brokers.Add(broker);
        await broker.StartAsync(ct);

        var dropped = -1L;
        await using var watcher = new MqttClient(Options(broker, "watcher", cleanSession: true));
        await watcher.ConnectAsync(ct);
        var watching = Task.Run(async () =>
        {
            await foreach (var message in watcher.Messages.ReadAllAsync(ct))
            {
                Interlocked.Exchange(ref dropped, long.Parse(Encoding.ASCII.GetString(message.Payload.Span), CultureInfo.InvariantCulture));
            }
        }, ct);
        await watcher.SubscribeAsync([new MqttTopicFilter("$SYS/broker/publish/messages/dropped", MqttQualityOfService.AtMostOnce)], ct);

        // The slow subscriber: a persistent session that holds every acknowledgement back while the
        // publisher runs, as the hub does while its database does not answer.
        var acknowledge = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ids = new ConcurrentDictionary<int, bool>();
        var held = new ConcurrentQueue<MqttReceivedMessage>();
        await using var subscriber = new MqttClient(Options(broker, "slow-subscriber", cleanSession: false));
        await subscriber.ConnectAsync(ct);
        var reading = Task.Run(async () =>
        {
            await foreach (var message in subscriber.Messages.ReadAllAsync(ct))
            {
                ids.TryAdd(BinaryPrimitives.ReadInt32BigEndian(message.Payload.Span), true);
                if (acknowledge.Task.IsCompleted)
                {
                    while (held.TryDequeue(out var earlier))
                    {
                        await earlier.AcknowledgeAsync(ct);
                    }

                    await message.AcknowledgeAsync(ct);
                }
                else
                {
                    held.Enqueue(message);
                }
            }
        }, ct);
        await subscriber.SubscribeAsync([new MqttTopicFilter(Topic, MqttQualityOfService.AtLeastOnce)], ct);

        await using (var publisher = new MqttClient(Options(broker, "publisher", cleanSession: true)))
        {
            await publisher.ConnectAsync(ct);
            // Every PublishAsync completes on the broker's PUBACK: the device considers the reading delivered.
            await PublishBurst.PublishAsync(publisher, Messages, i =>
            {
                var payload = new byte[4];
                BinaryPrimitives.WriteInt32BigEndian(payload, i);
                return new MqttApplicationMessage(Topic, payload, MqttQualityOfService.AtLeastOnce);
            }, outstanding: 1000, ct);
        }

        // The database is back: acknowledge what is held (the reader acknowledges the rest as it comes).
        acknowledge.SetResult();
        while (held.TryDequeue(out var message))
        {
            await message.AcknowledgeAsync(ct);
        }

        await BoundedWait.UntilAsync(
            () => Interlocked.Read(ref dropped) >= 0 && ids.Count + Interlocked.Read(ref dropped) >= Messages,
            TimeSpan.FromSeconds(180),
            () => $"received {ids.Count}, broker counts {Interlocked.Read(ref dropped)} dropped, of {Messages}",
            ct);
        // One more $SYS interval: a late drop count would show here.
        var settled = Interlocked.Read(ref dropped);
        await Task.Delay(TimeSpan.FromSeconds(2.5), ct);
        Assert.Equal(settled, Interlocked.Read(ref dropped));
        TestContext.Current.TestOutputHelper?.WriteLine($"{string.Join(", ", queueSettings)}: received {ids.Count} of {Messages}, $SYS dropped {settled}");
        return (ids.Count, settled);
    }

    private static MqttClientOptions Options(MosquittoProcess broker, string name, bool cleanSession) => new()
    {
        Host = broker.Host,
        Port = broker.Port,
        ClientId = $"{name}-{Guid.NewGuid():N}"[..30],
        Username = "alice",
        Password = Users["alice"],
        CleanSession = cleanSession,
        AutoReconnect = false,
    };
}
