using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Monitoring.Hub.Broker;
using Monitoring.Hub.Ingestion;
using Monitoring.Mqtt;

namespace Monitoring.Hub.Cluster;

/// <summary>
/// Each hub's own connection to the broker for hub-to-hub traffic (client id <c>{HubId}-cluster</c>,
/// clean session): a follower sends the readings it ingested to the leader in batches on
/// <c>{prefix}/alarm-feed</c> (QoS 1). What the leader pushes to dashboards reaches every hub's
/// through the SignalR Redis backplane (docs/scale-out.md).
/// </summary>
public sealed partial class ClusterLink : BackgroundService
{
    /// <summary>Readings on the feed: System.Text.Json web defaults (numbers for enums, full-precision times).</summary>
    internal static readonly JsonSerializerOptions FeedJson = new(JsonSerializerDefaults.Web);

    private readonly ClusterOptions _options;
    private readonly MqttOptions _mqtt;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger<ClusterLink> _logger;
    private readonly Channel<IReadOnlyList<AttributedReading>> _feed;

    public ClusterLink(
        IOptions<ClusterOptions> options,
        IOptions<MqttOptions> mqtt,
        TimeProvider time,
        ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(mqtt);
        _options = options.Value;
        _mqtt = mqtt.Value;
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
        try
        {
            await ConnectAsync(client, stoppingToken);
            await SendFeedAsync(client, stoppingToken);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster: hub {HubId} connected its hub-to-hub link to the broker")]
    private static partial void LogConnected(ILogger logger, string hubId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster: cannot connect the hub-to-hub link to the broker yet: {Reason}; retrying")]
    private static partial void LogConnectFailed(ILogger logger, string reason);
}
