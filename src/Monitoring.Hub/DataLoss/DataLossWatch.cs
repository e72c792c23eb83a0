using System.Buffers;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Monitoring.Domain.Alarms;
using Monitoring.Hub.Alarms.Operator;
using Monitoring.Hub.Broker;
using Monitoring.Hub.Ingestion;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;
using Npgsql;

namespace Monitoring.Hub.DataLoss;

/// <summary>
/// Never silent about lost readings (issue 15). Its own broker connection (<c>{ClientId}-watch</c>)
/// reads $SYS (<see cref="BrokerStats"/>) and sends the <see cref="LagProbe"/>; every
/// <see cref="DataLossOptions.CheckInterval"/> it counts new broker drops (through
/// <see cref="BrokerDropLedger"/>) and new InfluxDB refusals, folds them into the operator alarm
/// <c>ingest_data_lost</c>, logs them, and measures the lag, warning past
/// <see cref="DataLossOptions.LagWarnAfter"/>. Health reads <see cref="DataLossMonitor"/>.
/// </summary>
public sealed partial class DataLossWatch : BackgroundService
{
    private static readonly TimeSpan OpenAlarmRefresh = TimeSpan.FromSeconds(5);

    private readonly DataLossOptions _options;
    private readonly MqttOptions _mqtt;
    private readonly IngestionOptions _ingestion;
    private readonly DataLossMonitor _monitor;
    private readonly IngestLag _lag;
    private readonly IngestionMetrics _ingestionMetrics;
    private readonly BrokerDropLedger _ledger;
    private readonly BrokerMetrics _brokerMetrics;
    private readonly OperatorAlarms _alarms;
    private readonly TimeProvider _time;
    private readonly ILogger<DataLossWatch> _logger;
    private readonly BrokerStats _stats = new();
    private long _recordedDroppedVersion;
    private long _influxRefusedSeen;
    private long _probeSequence;
    private bool _lagWarned;
    private DateTimeOffset _openAlarmReadAt;
    private int _failedRounds;

    internal DataLossWatch(
        IOptions<DataLossOptions> options,
        IOptions<MqttOptions> mqtt,
        IOptions<IngestionOptions> ingestion,
        DataLossMonitor monitor,
        IngestLag lag,
        IngestionMetrics ingestionMetrics,
        BrokerDropLedger ledger,
        BrokerMetrics brokerMetrics,
        OperatorAlarms alarms,
        TimeProvider time,
        ILogger<DataLossWatch> logger)
    {
        _options = options.Value;
        _mqtt = mqtt.Value;
        _ingestion = ingestion.Value;
        _monitor = monitor;
        _lag = lag;
        _ingestionMetrics = ingestionMetrics;
        _ledger = ledger;
        _brokerMetrics = brokerMetrics;
        _alarms = alarms;
        _time = time;
        _logger = logger;
    }

    /// <summary>Whether the watch runs (ingestion and the watch enabled).</summary>
    public bool Running { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled || !_ingestion.Enabled)
        {
            return;
        }

        _influxRefusedSeen = _ingestionMetrics.StoreRejectedTotal;
        _lag.ClientId = _mqtt.ClientId;
        _lag.CountUnderWay = string.IsNullOrEmpty(_mqtt.SharedGroup);
        _lag.Enabled = true;
        Running = true;
        var clientId = $"{_mqtt.ClientId}-watch";
        // A clean session: $SYS values are retained or republished every sys_interval, nothing is owed across connections.
        var options = _mqtt.ToClientOptionsBuilder(clientId).WithCleanStart().Build();
        using var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += e =>
        {
            var payload = e.ApplicationMessage.Payload;
            _stats.Take(e.ApplicationMessage.Topic, payload.IsSingleSegment ? payload.FirstSpan : payload.ToArray());
            return Task.CompletedTask;
        };
        var connection = new BrokerConnection(client, options, _time)
        {
            // Subscribed again after every connect: the broker forgot the clean session.
            Connected = async (_, ct) => await client.SubscribeAsync(SysSubscription(), ct),
            Failed = (ex, attempt) =>
            {
                if (attempt % 10 == 0)
                {
                    LogConnectFailed(_logger, BrokerConnection.Describe(ex).Error);
                }
            },
            Reconnected = () => _brokerMetrics.Reconnected(clientId),
        };
        try
        {
            await Task.WhenAll(connection.RunAsync(stoppingToken), CheckLoopAsync(stoppingToken), ProbeLoopAsync(client, clientId, stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            if (client.IsConnected)
            {
                try
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                    await client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token);
                }
                catch (Exception ex) when (BrokerConnection.IsTransient(ex))
                {
                    // Going away anyway.
                }
            }
        }
    }

    private static MqttClientSubscribeOptions SysSubscription()
    {
        var subscribe = new MqttClientSubscribeOptionsBuilder();
        foreach (var topic in BrokerStats.Topics)
        {
            subscribe.WithTopicFilter(f => f.WithTopic(topic).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtMostOnce));
        }

        return subscribe.Build();
    }

    private async Task ProbeLoopAsync(IMqttClient client, string clientId, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(_options.ProbeInterval, _time);
        while (await timer.WaitForNextTickAsync(ct))
        {
            if (!client.IsConnected)
            {
                continue;
            }

            var sequence = ++_probeSequence;
            var sentAt = _time.GetUtcNow();
            try
            {
                _lag.ProbeSent(sequence, sentAt);
                var probe = new MqttApplicationMessageBuilder()
                    .WithTopic(LagProbe.Topic)
                    .WithPayload(LagProbe.Encode(_mqtt.ClientId, sequence, sentAt))
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                    .Build();
                await client.PublishAsync(probe, ct);
                _brokerMetrics.Sent(clientId);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && (BrokerConnection.IsTransient(ex) || ex is MqttProtocolViolationException))
            {
                // The connection dropped; the next probe goes on the next connection.
            }
        }
    }

    private async Task CheckLoopAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(_options.CheckInterval, _time);
        while (await timer.WaitForNextTickAsync(ct))
        {
            try
            {
                await CheckAsync(ct);
                _failedRounds = 0;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && ex is NpgsqlException or TimeoutException or IOException or SocketException or InvalidOperationException)
            {
                // PostgreSQL or the broker is away: losses stay pending (health says so) and are counted on a
                // later round. One log line a minute is enough to say so.
                if (_failedRounds++ % 60 == 0)
                {
                    LogCheckFailed(_logger, ex.Message);
                }
            }
        }
    }

    /// <summary>One round: lag, broker queue, new losses, the operator alarm.</summary>
    internal async Task CheckAsync(CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var lag = _lag.Current();
        _monitor.LagMeasured(lag);
        if (lag > _options.LagWarnAfter && !_lagWarned)
        {
            _lagWarned = true;
            LogLagHigh(_logger, _mqtt.ClientId, (long)lag.TotalSeconds, (long)_options.LagWarnAfter.TotalSeconds, _stats.Queued, _ingestionMetrics.Unacknowledged);
        }
        else if (lag <= _options.LagWarnAfter && _lagWarned)
        {
            _lagWarned = false;
            LogLagNormal(_logger, _mqtt.ClientId, (long)lag.TotalSeconds);
        }

        _monitor.BrokerQueue(_stats.Queued, _stats.StoreBytesValue, _stats.HeapBytes);

        var refused = _ingestionMetrics.StoreRejectedTotal;
        if (refused > _influxRefusedSeen)
        {
            _monitor.InfluxRefusedFound(refused - _influxRefusedSeen, now);
            _influxRefusedSeen = refused;
        }

        _stats.AssumeNoDropsYet();
        var version = _stats.DroppedVersion;
        if (version != _recordedDroppedVersion && _stats.UptimeSeconds >= 0 && _stats.DroppedCounter >= 0)
        {
            var (newDrops, first) = await _ledger.RecordAsync(now.AddSeconds(-_stats.UptimeSeconds), _stats.DroppedCounter, ct);
            _recordedDroppedVersion = version;
            if (first && _stats.DroppedCounter > 0)
            {
                LogDropsBeforeWatch(_logger, _stats.DroppedCounter);
            }

            _monitor.BrokerDroppedFound(newDrops, now);
        }

        var pending = _monitor.Pending;
        if (pending > 0)
        {
            var detail = $"{_monitor.BrokerDropped} messages dropped by the broker and {_monitor.InfluxRefused} readings refused by InfluxDB "
                + $"since {_monitor.FirstLossAt:yyyy-MM-ddTHH:mm:ssZ} (seen by {_mqtt.ClientId})";
            LogDataLost(_logger, pending, _monitor.BrokerDropped, _monitor.InfluxRefused, _stats.Queued, (long)lag.TotalSeconds);
            _monitor.OpenAlarm = await _alarms.RaiseAsync(AlarmKind.IngestDataLost, pending, detail, ct);
            _monitor.Folded(pending);
            _openAlarmReadAt = now;
        }
        else if (now - _openAlarmReadAt >= OpenAlarmRefresh)
        {
            // Resolved by an administrator (here or on another hub) or raised by another hub.
            _monitor.OpenAlarm = await _alarms.OpenOfKindAsync(AlarmKind.IngestDataLost, ct);
            _openAlarmReadAt = now;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Data-loss watch cannot connect to the broker yet: {Reason}; retrying")]
    private static partial void LogConnectFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Data-loss watch round failed, retrying: {Reason}")]
    private static partial void LogCheckFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Data lost: {Lost} more messages or readings gone ({BrokerDropped} dropped by the broker, {InfluxRefused} refused by InfluxDB since start); broker queue {BrokerQueued} messages, lag {LagSeconds} s")]
    private static partial void LogDataLost(ILogger logger, long lost, long brokerDropped, long influxRefused, long brokerQueued, long lagSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hub {ClientId} is {LagSeconds} s behind the broker (warning past {WarnSeconds} s): broker queue {BrokerQueued} messages, {Unacknowledged} held unacknowledged; readings and alarms are late")]
    private static partial void LogLagHigh(ILogger logger, string clientId, long lagSeconds, long warnSeconds, long brokerQueued, long unacknowledged);

    [LoggerMessage(Level = LogLevel.Information, Message = "Hub {ClientId} has caught up with the broker (lag {LagSeconds} s)")]
    private static partial void LogLagNormal(ILogger logger, string clientId, long lagSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The broker had dropped {Dropped} messages before any hub watched its counter; they cannot be attributed and are not alarmed")]
    private static partial void LogDropsBeforeWatch(ILogger logger, long dropped);
}
