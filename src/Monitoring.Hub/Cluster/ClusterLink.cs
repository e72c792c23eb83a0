using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Monitoring.Contracts.Metrics;
using Monitoring.Contracts.Senml;
using Monitoring.Contracts.Topics;
using Monitoring.Hub.Alarms.Events;
using Monitoring.Hub.Alarms.Storage;
using Monitoring.Hub.Api;
using Monitoring.Hub.Broker;
using Monitoring.Hub.Ingestion;
using Monitoring.Hub.Realtime;
using Monitoring.Mqtt;

namespace Monitoring.Hub.Cluster;

/// <summary>
/// Each hub's own connection to the broker for hub-to-hub traffic (client id <c>{HubId}-cluster</c>,
/// clean session): a follower sends the readings it ingested to the leader in batches on
/// <c>{prefix}/alarm-feed</c> (QoS 1); the leader sends what it pushes to its dashboards on
/// <c>{prefix}/realtime</c> (alarms QoS 1, vitals QoS 0); a follower subscribes to that and feeds
/// its own <see cref="RealtimePublisher"/> the same events the leader's engine published, after
/// loading the open alarms from PostgreSQL (merged with what was relayed while it read them).
/// </summary>
public sealed partial class ClusterLink : BackgroundService
{
    /// <summary>Readings on the feed: System.Text.Json web defaults (numbers for enums, full-precision times).</summary>
    internal static readonly JsonSerializerOptions FeedJson = new(JsonSerializerDefaults.Web);

    private readonly ClusterOptions _options;
    private readonly MqttOptions _mqtt;
    private readonly ILeadershipGate _leadership;
    private readonly RealtimePublisher _publisher;
    private readonly AlarmStore _alarms;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger<ClusterLink> _logger;
    private readonly Channel<IReadOnlyList<AttributedReading>> _feed;
    private readonly RealtimeOutbox _outbox;
    private readonly Channel<bool> _reload = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });

    // A follower's relayed alarm changes and its loads from PostgreSQL reach the publisher one at a
    // time; while a load runs, what is relayed is also kept to merge with what the load read.
    private readonly SemaphoreSlim _toPublisher = new(1, 1);
    private List<AlarmChanged>? _relayedWhileLoading;

    public ClusterLink(
        IOptions<ClusterOptions> options,
        IOptions<MqttOptions> mqtt,
        ILeadershipGate leadership,
        RealtimePublisher publisher,
        RealtimeOutbox outbox,
        AlarmStore alarms,
        TimeProvider time,
        ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(mqtt);
        _options = options.Value;
        _mqtt = mqtt.Value;
        _leadership = leadership;
        _publisher = publisher;
        _outbox = outbox;
        _alarms = alarms;
        _time = time;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<ClusterLink>();
        _feed = Channel.CreateBounded<IReadOnlyList<AttributedReading>>(new BoundedChannelOptions(10_000)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>A follower's readings for the leader's alarm engine; waits while the link is backed up (backpressure).</summary>
    public ValueTask SendToLeaderAsync(IReadOnlyList<AttributedReading> readings, CancellationToken ct) => _feed.Writer.WriteAsync(readings, ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var clientOptions = _mqtt.ToClientOptions($"{_options.HubId}-cluster", cleanSession: true, autoReconnect: true);
        await using var client = new MqttClient(clientOptions, _loggerFactory.CreateLogger<MqttClient>(), _time);
        var connects = 0;
        client.Connected += (_, e) =>
        {
            // A clean session lost what was relayed while away: read the open alarms again.
            if (Interlocked.Increment(ref connects) > 1)
            {
                _reload.Writer.TryWrite(true);
            }
        };
        try
        {
            var reading = ReceiveAsync(client, stoppingToken);
            await ConnectAsync(client, stoppingToken);
            var subscribed = await client.SubscribeAsync([new MqttTopicFilter(_options.RealtimeTopic, MqttQualityOfService.AtLeastOnce)], stoppingToken);
            if (subscribed.Codes.Any(c => c == MqttSubscribeReturnCode.Failure))
            {
                LogRefused(_logger, _options.RealtimeTopic);
            }

            _reload.Writer.TryWrite(true);
            await Task.WhenAll(reading, ReloadAsync(stoppingToken), SendFeedAsync(client, stoppingToken), SendRealtimeAsync(client, stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task ConnectAsync(MqttClient client, CancellationToken ct)
    {
        await BrokerConnect.FirstAsync(client, _time, (ex, attempt) =>
        {
            if (attempt % 10 == 0)
            {
                LogConnectFailed(_logger, ex.Message);
            }
        }, ct);
        LogConnected(_logger, _options.HubId);
    }

    /// <summary>A follower's view of the open alarms, from PostgreSQL, after the subscription so nothing falls between.</summary>
    private async Task ReloadAsync(CancellationToken ct)
    {
        await foreach (var _ in _reload.Reader.ReadAllAsync(ct))
        {
            for (var attempt = 1; !_leadership.IsLeader; attempt++)
            {
                await ToPublisherAsync(() => _relayedWhileLoading ??= [], ct);
                try
                {
                    var open = await _alarms.LoadOpenAsync(ct);
                    await ToPublisherAsync(async () =>
                    {
                        await _publisher.OnEventAsync(new AlarmsLoaded(Merge(open, _relayedWhileLoading ?? [])), ct);
                        _relayedWhileLoading = null;
                    }, ct);
                    LogLoaded(_logger, open.Count);
                    break;
                }
                catch (Exception ex) when (!ct.IsCancellationRequested && ex is not OutOfMemoryException)
                {
                    LogLoadFailed(_logger, ex.Message);
                    await Task.Delay(TimeSpan.FromSeconds(Math.Min(5, attempt)), _time, ct);
                }
            }
        }
    }

    /// <summary>What was read, with what was relayed while reading applied over it where newer (a relayed resolve removes).</summary>
    private static List<StoredAlarm> Merge(IReadOnlyList<StoredAlarm> stored, List<AlarmChanged> relayed)
    {
        var open = stored.ToDictionary(a => a.Id);
        foreach (var change in relayed)
        {
            var alarm = change.Alarm;
            if (open.TryGetValue(alarm.Id, out var read) && read.Record.LastUpdatedAt > alarm.Record.LastUpdatedAt)
            {
                continue;
            }

            if (alarm.Record.IsOpen)
            {
                open[alarm.Id] = alarm;
            }
            else
            {
                open.Remove(alarm.Id);
            }
        }

        return [.. open.Values];
    }

    private async Task ReceiveAsync(MqttClient client, CancellationToken ct)
    {
        await Task.Yield();
        await foreach (var message in client.Messages.ReadAllAsync(ct))
        {
            try
            {
                var envelope = JsonSerializer.Deserialize<RealtimeEnvelope>(message.Payload.Span, ApiJson.Options);
                // The leader pushes its own events itself; a message from an old leader is late news.
                if (envelope is not null && envelope.Origin != _options.HubId && !_leadership.IsLeader)
                {
                    if (envelope.Alarm is { } alarm)
                    {
                        var changed = new AlarmChanged(alarm, envelope.Raised, null);
                        await ToPublisherAsync(async () =>
                        {
                            _relayedWhileLoading?.Add(changed);
                            await _publisher.OnEventAsync(changed, ct);
                        }, ct);
                    }
                    else if (envelope is { Vitals: { } sample, ClinicId: { } clinicId })
                    {
                        await _publisher.OnEventAsync(new VitalsObserved(Readings(clinicId, sample)), ct);
                    }
                }
            }
            catch (JsonException ex)
            {
                LogBadMessage(_logger, message.Topic, ex.Message);
            }

            await message.AcknowledgeAsync(ct);
        }
    }

    private async Task ToPublisherAsync(Action action, CancellationToken ct) => await ToPublisherAsync(() =>
    {
        action();
        return Task.CompletedTask;
    }, ct);

    private async Task ToPublisherAsync(Func<Task> action, CancellationToken ct)
    {
        await _toPublisher.WaitAsync(ct);
        try
        {
            await action();
        }
        finally
        {
            _toPublisher.Release();
        }
    }

    /// <summary>A sample the leader coalesced, as the readings it shows (the follower's publisher coalesces them again).</summary>
    private static List<AttributedReading> Readings(Guid clinicId, VitalsSample sample)
    {
        var readings = new List<AttributedReading>(6);
        void Add(string metric, double? value)
        {
            if (value is { } v)
            {
                readings.Add(new AttributedReading(
                    "relayed", sample.PatientId, clinicId, DeviceTopicKind.Telemetry, metric, SenmlValueKind.Number, v, null, false, sample.T, sample.T));
            }
        }

        Add(MetricNames.Spo2, sample.Spo2);
        Add(MetricNames.PulseRate, sample.Pr);
        Add(MetricNames.Temperature, sample.Temp);
        Add(MetricNames.RespiratoryRate, sample.Rr);
        Add(MetricNames.Battery, sample.Bat);
        Add(MetricNames.PerfusionIndex, sample.Pi);
        return readings;
    }

    /// <summary>Batches of at most <see cref="ClusterOptions.FeedBatchSize"/> readings, sent after <see cref="ClusterOptions.FeedLinger"/> at the latest.</summary>
    private async Task SendFeedAsync(MqttClient client, CancellationToken ct)
    {
        var batch = new List<IReadOnlyList<AttributedReading>>();
        while (await _feed.Reader.WaitToReadAsync(ct))
        {
            batch.Clear();
            var count = 0;
            using var linger = CancellationTokenSource.CreateLinkedTokenSource(ct);
            linger.CancelAfter(_options.FeedLinger);
            try
            {
                while (count < _options.FeedBatchSize)
                {
                    if (!_feed.Reader.TryRead(out var readings))
                    {
                        if (!await _feed.Reader.WaitToReadAsync(linger.Token))
                        {
                            break;
                        }

                        continue;
                    }

                    batch.Add(readings);
                    count += readings.Count;
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // Lingered long enough: send what there is.
            }

            if (batch.Count > 0)
            {
                var payload = JsonSerializer.SerializeToUtf8Bytes(batch, FeedJson);
                await client.PublishAsync(new MqttApplicationMessage(_options.AlarmFeedTopic, payload, MqttQualityOfService.AtLeastOnce), ct);
            }
        }
    }

    private async Task SendRealtimeAsync(MqttClient client, CancellationToken ct)
    {
        await foreach (var message in _outbox.Reader.ReadAllAsync(ct))
        {
            if (message.Qos == MqttQualityOfService.AtMostOnce)
            {
                await client.PublishAsync(message, ct);
            }
            else
            {
                // Not awaited one by one (the acknowledgement is a round trip); the client keeps order.
                _ = client.PublishAsync(message, ct).ContinueWith(
                    t => LogRelayFailed(_logger, t.Exception!.GetBaseException().Message),
                    CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster: hub {HubId} connected its hub-to-hub link to the broker")]
    private static partial void LogConnected(ILogger logger, string hubId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster: cannot connect the hub-to-hub link to the broker yet: {Reason}; retrying")]
    private static partial void LogConnectFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cluster: the broker refused the subscription to {Topic}: may the hub account use the cluster topics (docs/scale-out.md)?")]
    private static partial void LogRefused(ILogger logger, string topic);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster: follower view loaded from PostgreSQL: {OpenAlarms} open alarms")]
    private static partial void LogLoaded(ILogger logger, int openAlarms);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster: cannot load the open alarms from PostgreSQL yet, retrying: {Reason}")]
    private static partial void LogLoadFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster: an unreadable message on {Topic} was skipped: {Reason}")]
    private static partial void LogBadMessage(ILogger logger, string topic, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster: relaying an alarm to the other hubs failed: {Reason}")]
    private static partial void LogRelayFailed(ILogger logger, string reason);
}
