using System.Buffers;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Monitoring.Contracts.Topics;
using Monitoring.Hub.Broker;
using Monitoring.Hub.DataLoss;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;

namespace Monitoring.Hub.Ingestion;

/// <summary>
/// The hub's subscription to the device topics, over MQTTnet (MQTT 5): a persistent session (clean
/// start off, session expiry <c>Mqtt:SessionExpiry</c>, client id <c>Mqtt:ClientId</c>) subscribed at
/// QoS 1 through the shared group <c>Mqtt:SharedGroup</c>, so the broker keeps what the hub has not
/// acknowledged across restarts, and several hubs split the stream.
/// <para>
/// MQTTnet calls <see cref="OnReceivedAsync"/> for one message at a time and goes on to the next once
/// it returns; with automatic acknowledgement off the message stays owed. The handler only hands the
/// message to <see cref="IngestionQueue"/>; it is acknowledged when its data is durable
/// (<see cref="IngestMessage"/>), in arrival order (<see cref="AcknowledgementSequence"/>). So the
/// processor still takes batches of up to 256 messages while their acknowledgements wait. Flow control
/// is the receive maximum (<c>Ingestion:ReceiveMaximum</c>, MQTT 5 §3.1.2.11.3): the broker sends at most
/// that many unacknowledged messages, so what MQTTnet buffers ahead of the bounded queue is bounded too.
/// </para>
/// </summary>
public sealed partial class MqttIngestionConsumer : BackgroundService
{
    private static readonly DeviceTopicKind[] Kinds = [DeviceTopicKind.Telemetry, DeviceTopicKind.Events, DeviceTopicKind.Status];
    private static readonly TimeSpan ConnectionCheck = TimeSpan.FromSeconds(1);

    private readonly MqttOptions _mqtt;
    private readonly IngestionOptions _options;
    private readonly IngestionQueue _queue;
    private readonly IngestionMetrics _metrics;
    private readonly BrokerMetrics _brokerMetrics;
    private readonly IngestLag _lag;
    private readonly TimeProvider _time;
    private readonly ILogger<MqttIngestionConsumer> _logger;
    private volatile IMqttClient? _client;
    private volatile AcknowledgementSequence? _sequence;
    private volatile CancellationTokenSource? _connectionGone;
    private volatile bool _live;
    private volatile bool _subscribed;
    private volatile string? _lastError;
    private volatile bool _refused;
    private bool _hasAttempted;
    private CancellationToken _stopping;

    public MqttIngestionConsumer(
        IOptions<MqttOptions> mqtt,
        IOptions<IngestionOptions> options,
        IngestionQueue queue,
        IngestionMetrics metrics,
        BrokerMetrics brokerMetrics,
        IngestLag lag,
        TimeProvider time,
        ILogger<MqttIngestionConsumer> logger)
    {
        ArgumentNullException.ThrowIfNull(mqtt);
        ArgumentNullException.ThrowIfNull(options);
        _mqtt = mqtt.Value;
        _options = options.Value;
        _queue = queue;
        _metrics = metrics;
        _brokerMetrics = brokerMetrics;
        _lag = lag;
        _time = time;
        _logger = logger;
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

    /// <summary>Whether the broker had kept the session at the last connect (CONNACK session present).</summary>
    public bool? SessionPresent { get; private set; }

    /// <summary>Messages of the current connection not yet acknowledged to the broker.</summary>
    public int Owed => _sequence?.Owed ?? 0;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            LogDisabled(_logger);
            return;
        }

        _stopping = stoppingToken;
        var clientOptions = _mqtt.ToClientOptionsBuilder(_mqtt.ClientId)
            .WithCleanStart(false)
            .WithSessionExpiryInterval(_mqtt.SessionExpirySeconds())
            .WithReceiveMaximum((ushort)_options.ReceiveMaximum)
            // One receive per 64 KiB of backlog and the PUBACKs written meanwhile in one send (docs/ingestion.md).
            .WithStreamProvider(new BufferedSocketStreamProvider())
            .Build();
        using var client = new MqttClientFactory().CreateMqttClient();
        // Before connecting: a resumed session delivers its backlog right after CONNACK.
        client.ApplicationMessageReceivedAsync += OnReceivedAsync;
        _client = client;
        var connection = new BrokerConnection(client, clientOptions, _time)
        {
            Connecting = async _ => await NewSequenceAsync(),
            Connected = OnConnectedAsync,
            Disconnected = OnDisconnectedAsync,
            Failed = (ex, attempt) =>
            {
                var (error, refused) = BrokerConnection.Describe(ex);
                Failed(error, refused, attempt);
            },
            Reconnected = () => _brokerMetrics.Reconnected(_mqtt.ClientId),
        };
        try
        {
            await Task.WhenAll(connection.RunAsync(stoppingToken), WatchConnectionAsync(client, stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: unacknowledged messages stay in the session and come back after a restart.
        }
        finally
        {
            _subscribed = false;
            await DisconnectAsync(client);
            if (_sequence is { } sequence)
            {
                await sequence.CloseAsync();
            }

            _connectionGone?.Dispose();
            _client = null;
        }
    }

    /// <summary>One received message: into the bounded queue, nothing more (it is acknowledged once durable).</summary>
    private async Task OnReceivedAsync(MqttApplicationMessageReceivedEventArgs received)
    {
        received.AutoAcknowledge = false;
        var sequence = _sequence!;
        var application = received.ApplicationMessage;
        _brokerMetrics.Received(_mqtt.ClientId);
        if (application.Topic == LagProbe.Topic)
        {
            // The hub's own lag probe, not a device's message (DataLoss/LagProbe).
            if (application.Payload.IsSingleSegment)
            {
                _lag.ProbeArrived(application.Payload.FirstSpan);
            }
            else
            {
                _lag.ProbeArrived(application.Payload.ToArray());
            }

            sequence.Register(received).Complete();
            return;
        }

        _metrics.MessageReceived();
        var message = new IngestMessage(
            application.Topic, application.Payload.ToArray(), application.Retain, _time.GetUtcNow(), sequence.Register(received), _metrics);
        if (_queue.Writer.TryWrite(message) || await WaitForRoomAsync(message))
        {
            _lag.Track(message);
        }
        else
        {
            // The connection ended while the queue was full: the message stays unacknowledged and the broker
            // redelivers it; returning lets MQTTnet finish closing the connection.
            _metrics.MessageAcknowledged();
        }
    }

    /// <summary>
    /// The queue is full (InfluxDB slow or away): wait for room, but give up when the connection is gone
    /// (<see cref="WatchConnectionAsync"/>), since MQTTnet closes a lost connection only after this handler returns.
    /// </summary>
    private async Task<bool> WaitForRoomAsync(IngestMessage message)
    {
        try
        {
            while (await _queue.Writer.WaitToWriteAsync(_connectionGone!.Token))
            {
                if (_queue.Writer.TryWrite(message))
                {
                    return true;
                }
            }

            return false;
        }
        catch (OperationCanceledException) when (!_stopping.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>
    /// Every second: a connection that was up and is not any more cancels <see cref="_connectionGone"/>, which
    /// frees a handler waiting for queue room. One timer for the connection rather than one per waiting message,
    /// and not while connecting (MQTTnet delivers a resumed session's messages before it reports itself connected).
    /// </summary>
    private async Task WatchConnectionAsync(IMqttClient client, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(ConnectionCheck, _time);
        while (await timer.WaitForNextTickAsync(ct))
        {
            if (_live && !client.IsConnected && _connectionGone is { } gone)
            {
                try
                {
                    await gone.CancelAsync();
                }
                catch (ObjectDisposedException)
                {
                    // A new connection replaced it meanwhile.
                }
            }
        }
    }

    private async Task NewSequenceAsync()
    {
        if (_sequence is { } old)
        {
            await old.CloseAsync();
        }

        _live = false;
        var previous = _connectionGone;
        _connectionGone = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
        previous?.Dispose();
        _sequence = new AcknowledgementSequence(count => _brokerMetrics.Acknowledged(_mqtt.ClientId, count));
    }

    private async Task OnConnectedAsync(MqttClientConnectResult result, CancellationToken ct)
    {
        _live = true;
        SessionPresent = result.IsSessionPresent;
        LogConnected(_logger, _mqtt.ClientId, result.IsSessionPresent, _options.ReceiveMaximum);
        await SubscribeAsync(ct);
    }

    private async Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs e)
    {
        _subscribed = false;
        _lastError = e.ReasonString is { Length: > 0 } reason ? $"{e.Reason}: {reason}" : e.Exception?.Message is { } error ? $"{e.Reason}: {error}" : e.Reason.ToString();
        LogDisconnected(_logger, _mqtt.ClientId, _lastError, Owed);
        // What the old connection still owed is redelivered by the broker; nothing of it may be acknowledged on the next.
        if (_sequence is { } sequence)
        {
            await sequence.CloseAsync();
        }
    }

    /// <summary>
    /// Subscribes after every connect, even when the broker says it kept the session: Mosquitto 2.0.11
    /// does not restore shared subscriptions from its persistence file after a restart, yet reports the
    /// session present. Subscribing again is harmless (MQTT 5 §3.8.4).
    /// </summary>
    private async Task SubscribeAsync(CancellationToken ct)
    {
        var client = _client!;
        var filters = Kinds.Select(k => string.IsNullOrEmpty(_mqtt.SharedGroup) ? DeviceTopics.Filter(k) : DeviceTopics.SharedFilter(_mqtt.SharedGroup, k)).ToList();
        var subscribe = new MqttClientSubscribeOptionsBuilder();
        foreach (var filter in filters)
        {
            subscribe.WithTopicFilter(f => f.WithTopic(filter).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce));
        }

        var options = subscribe.Build();
        for (var attempt = 0; ; attempt++)
        {
            var result = await client.SubscribeAsync(options, ct);
            var refused = result.Items.Where(i => (int)i.ResultCode >= 0x80).ToList();
            if (refused.Count == 0)
            {
                break;
            }

            Failed($"refused: the broker refused the hub's subscription to {string.Join(", ", refused.Select(i => $"{i.TopicFilter.Topic} ({i.ResultCode})"))}", refused: true, attempt);
            await Task.Delay(TimeSpan.FromSeconds(5), _time, ct);
        }

        _subscribed = true;
        _lastError = null;
        _refused = false;
        HasAttempted = true;
        LogSubscribed(_logger, string.Join(", ", filters));
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

    private static async Task DisconnectAsync(IMqttClient client)
    {
        if (!client.IsConnected)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), timeout.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException or InvalidOperationException or MqttCommunicationException)
        {
            // Going away anyway.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ingestion is disabled (Ingestion:Enabled=false): this hub takes no device messages")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to the broker as {ClientId} (session present: {SessionPresent}, receive maximum {ReceiveMaximum})")]
    private static partial void LogConnected(ILogger logger, string clientId, bool sessionPresent, int receiveMaximum);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Broker connection of {ClientId} lost: {Reason}; reconnecting ({Owed} unacknowledged messages will be redelivered)")]
    private static partial void LogDisconnected(ILogger logger, string clientId, string reason, int owed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscribed to {Filters} at QoS 1")]
    private static partial void LogSubscribed(ILogger logger, string filters);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot connect to the broker at {Host}:{Port} yet: {Error}; retrying")]
    private static partial void LogConnectFailed(ILogger logger, string host, int port, string? error);
}
