using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Monitoring.Domain.Alarms;
using Monitoring.Hub.Alarms.Operator;
using Monitoring.Hub.Broker;
using Monitoring.Hub.Ingestion;
using Monitoring.Mqtt;
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
    private readonly OperatorAlarms _alarms;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger<DataLossWatch> _logger;
    private readonly BrokerStats _stats = new();
    private long _recordedDroppedVersion;
    private long _influxRefusedSeen;
    private long _probeSequence;
    private bool _lagWarned;
    private DateTimeOffset _openAlarmReadAt;
    private volatile bool _resubscribe;
    private int _failedRounds;

    internal DataLossWatch(
        IOptions<DataLossOptions> options,
        IOptions<MqttOptions> mqtt,
        IOptions<IngestionOptions> ingestion,
        DataLossMonitor monitor,
        IngestLag lag,
        IngestionMetrics ingestionMetrics,
        BrokerDropLedger ledger,
        OperatorAlarms alarms,
        TimeProvider time,
        ILoggerFactory loggerFactory)
    {
        _options = options.Value;
        _mqtt = mqtt.Value;
        _ingestion = ingestion.Value;
        _monitor = monitor;
        _lag = lag;
        _ingestionMetrics = ingestionMetrics;
        _ledger = ledger;
        _alarms = alarms;
        _time = time;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<DataLossWatch>();
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
        await using var client = new MqttClient(_mqtt.ToClientOptions(clientId, cleanSession: true, autoReconnect: true), _loggerFactory.CreateLogger<MqttClient>(), _time);
        client.Connected += (_, _) => _resubscribe = true;
        try
        {
            var reading = ReadAsync(client, stoppingToken);
            var checking = CheckLoopAsync(client, stoppingToken);
            await BrokerConnect.FirstAsync(client, _time, (ex, attempt) =>
            {
                if (attempt % 10 == 0)
                {
                    LogConnectFailed(_logger, ex.Message);
                }
            }, stoppingToken);
            await Task.WhenAll(reading, checking, ProbeLoopAsync(client, stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task ReadAsync(MqttClient client, CancellationToken ct)
    {
        await Task.Yield();
        await foreach (var message in client.Messages.ReadAllAsync(ct))
        {
            _stats.Take(message.Topic, message.Payload.Span);
        }
    }

    private async Task ProbeLoopAsync(MqttClient client, CancellationToken ct)
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
                await client.PublishAsync(new MqttApplicationMessage(LagProbe.Topic, LagProbe.Encode(_mqtt.ClientId, sequence, sentAt), MqttQualityOfService.AtLeastOnce), ct);
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or SocketException or MqttProtocolViolationException
                || (ex is OperationCanceledException && !ct.IsCancellationRequested))
            {
                // The connection dropped; the next probe goes on the next connection.
            }
        }
    }

    private async Task CheckLoopAsync(MqttClient client, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(_options.CheckInterval, _time);
        while (await timer.WaitForNextTickAsync(ct))
        {
            try
            {
                if (_resubscribe && client.IsConnected)
                {
                    _resubscribe = false;
                    await client.SubscribeAsync(BrokerStats.Topics.Select(t => new MqttTopicFilter(t, MqttQualityOfService.AtMostOnce)), ct);
                }

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
