using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Monitoring.Contracts.Topics;
using Monitoring.Hub.Broker;
using Monitoring.Hub.DataLoss;
using Monitoring.Mqtt;

namespace Monitoring.Hub.Ingestion;

/// <summary>
/// The hub's subscription to the device topics: a persistent session (clean session off, client id
/// <c>Mqtt:ClientId</c>) subscribed at QoS 1 through the shared group <c>Mqtt:SharedGroup</c>, so
/// the broker keeps what the hub has not acknowledged across restarts, and several hubs split the
/// stream. The read loop only hands messages to <see cref="IngestionQueue"/>; acknowledgement is
/// left to each message (<see cref="IngestMessage"/>), after its data is durable.
/// </summary>
public sealed partial class MqttIngestionConsumer : BackgroundService
{
    private static readonly DeviceTopicKind[] Kinds = [DeviceTopicKind.Telemetry, DeviceTopicKind.Events, DeviceTopicKind.Status];

    private readonly MqttOptions _mqtt;
    private readonly IngestionOptions _options;
    private readonly IngestionQueue _queue;
    private readonly IngestionMetrics _metrics;
    private readonly IngestLag _lag;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger<MqttIngestionConsumer> _logger;
    private volatile MqttClient? _client;
    private volatile bool _subscribed;
    private volatile string? _lastError;
    private volatile bool _refused;
    private bool _hasAttempted;

    public MqttIngestionConsumer(
        IOptions<MqttOptions> mqtt,
        IOptions<IngestionOptions> options,
        IngestionQueue queue,
        IngestionMetrics metrics,
        IngestLag lag,
        TimeProvider time,
        ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(mqtt);
        ArgumentNullException.ThrowIfNull(options);
        _mqtt = mqtt.Value;
        _options = options.Value;
        _queue = queue;
        _metrics = metrics;
        _lag = lag;
        _time = time;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<MqttIngestionConsumer>();
    }

    public bool Enabled => _options.Enabled;

    /// <summary>Connected and subscribed: device messages flow.</summary>
    public bool IsConsuming => _client is { IsConnected: true } && _subscribed;

    /// <summary>Whether a connection attempt has finished yet (either way).</summary>
    public bool HasAttempted
    {
        get => Volatile.Read(ref _hasAttempted);
        private set => Volatile.Write(ref _hasAttempted, value);
    }

    /// <summary>The last connection failure, and whether the broker answered and refused (rather than not answering).</summary>
    public (string? Error, bool Refused) LastFailure => (_lastError, _refused);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            LogDisabled(_logger);
            return;
        }

        var clientOptions = _mqtt.ToClientOptions(_mqtt.ClientId, cleanSession: false, autoReconnect: true, receiveQueueCapacity: _options.MqttReceiveQueueCapacity);
        await using var client = new MqttClient(clientOptions, _loggerFactory.CreateLogger<MqttClient>(), _time);
        var reconnected = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
        });
        client.Connected += (_, e) =>
        {
            LogConnected(_logger, _mqtt.ClientId, e.SessionPresent);
            reconnected.Writer.TryWrite(true);
        };
        client.Disconnected += (_, e) =>
        {
            _lastError = e.Reason ?? e.Exception?.Message ?? "disconnected";
            LogDisconnected(_logger, _lastError);
        };
        _client = client;
        try
        {
            // Read before subscribing: a resumed session delivers its backlog at once, and a full
            // receive queue would keep the client from ever reading the SUBACK.
            var reading = ReadAsync(client, stoppingToken);
            await ConnectAndSubscribeAsync(client, stoppingToken);
            var resubscribing = ResubscribeAsync(client, reconnected.Reader, stoppingToken);
            await Task.WhenAll(reading, resubscribing);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: unacknowledged messages stay in the session and come back after a restart.
        }
        finally
        {
            _client = null;
            _subscribed = false;
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await client.DisconnectAsync(timeout.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException or InvalidOperationException)
            {
                // Going away anyway.
            }
        }
    }

    private async Task ReadAsync(MqttClient client, CancellationToken ct)
    {
        await Task.Yield();
        await foreach (var received in client.Messages.ReadAllAsync(ct))
        {
            if (received.Topic == LagProbe.Topic)
            {
                // The hub's own lag probe, not a device's message (DataLoss/LagProbe).
                _lag.ProbeArrived(received.Payload.Span);
                await received.AcknowledgeAsync(ct);
                continue;
            }

            _metrics.MessageReceived();
            var message = new IngestMessage(received.Topic, received.Payload, received.Retain, _time.GetUtcNow(), received, _metrics);
            _lag.Track(message);
            await _queue.Writer.WriteAsync(message, ct);
        }
    }

    /// <summary>
    /// Subscribes again after every reconnect, even when the broker says it kept the session:
    /// Mosquitto 2.0.11 does not restore shared subscriptions from its persistence file after a
    /// restart, yet reports the session present. Subscribing again is harmless (spec 3.8.4).
    /// </summary>
    private async Task ResubscribeAsync(MqttClient client, ChannelReader<bool> reconnected, CancellationToken ct)
    {
        while (reconnected.TryRead(out _))
        {
            // Connects before and during the first subscription are covered by it.
        }

        await foreach (var _ in reconnected.ReadAllAsync(ct))
        {
            _subscribed = false;
            try
            {
                await SubscribeAsync(client, ct);
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or MqttProtocolViolationException)
            {
                // The connection dropped again; the next Connected event brings us back here.
                _lastError = ex.Message;
            }
        }
    }

    private async Task ConnectAndSubscribeAsync(MqttClient client, CancellationToken ct)
    {
        await BrokerConnect.FirstAsync(client, _time, (ex, attempt) =>
            Failed(ex is MqttConnectException refused ? $"refused: {refused.ReturnCode} ({refused.Message})" : ex.Message, ex is MqttConnectException, attempt), ct);
        await SubscribeAsync(client, ct);
    }

    private async Task SubscribeAsync(MqttClient client, CancellationToken ct)
    {
        var filters = Kinds.Select(k => new MqttTopicFilter(
            string.IsNullOrEmpty(_mqtt.SharedGroup) ? DeviceTopics.Filter(k) : DeviceTopics.SharedFilter(_mqtt.SharedGroup, k),
            MqttQualityOfService.AtLeastOnce)).ToList();
        for (var attempt = 0; ; attempt++)
        {
            var result = await client.SubscribeAsync(filters, ct);
            if (result.Codes.All(c => c != MqttSubscribeReturnCode.Failure))
            {
                break;
            }

            Failed("refused: the broker refused the hub's subscription to the device topics", refused: true, attempt);
            await Task.Delay(TimeSpan.FromSeconds(5), _time, ct);
        }

        _subscribed = true;
        _lastError = null;
        _refused = false;
        HasAttempted = true;
        LogSubscribed(_logger, string.Join(", ", filters.Select(f => f.Filter)));
    }

    private void Failed(string error, bool refused, int attempt)
    {
        _lastError = error;
        _refused = refused;
        HasAttempted = true;
        if (attempt % 10 == 0)
        {
            LogConnectFailed(_logger, _mqtt.Host, _mqtt.Port, error);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ingestion is disabled (Ingestion:Enabled=false): this hub takes no device messages")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to the broker as {ClientId} (session present: {SessionPresent})")]
    private static partial void LogConnected(ILogger logger, string clientId, bool sessionPresent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Disconnected from the broker: {Reason}; reconnecting (unacknowledged messages will be redelivered)")]
    private static partial void LogDisconnected(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscribed to {Filters} at QoS 1")]
    private static partial void LogSubscribed(ILogger logger, string filters);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot connect to the broker at {Host}:{Port} yet: {Error}; retrying")]
    private static partial void LogConnectFailed(ILogger logger, string host, int port, string? error);
}
