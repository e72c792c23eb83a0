using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Monitoring.Mqtt.Formatter;
using Monitoring.Mqtt.Internal;

namespace Monitoring.Mqtt;

/// <summary>
/// An MQTT 3.1.1 client. Received messages wait in <see cref="Messages"/> from construction on, so nothing is
/// lost between connecting and starting to read; QoS 1/2 messages are acknowledged to the broker only when the
/// consumer calls <see cref="MqttReceivedMessage.AcknowledgeAsync"/>. After the first successful
/// <see cref="ConnectAsync"/>, the client reconnects by itself (<see cref="MqttClientOptions.AutoReconnect"/>),
/// retransmits unacknowledged messages and restores its subscriptions when the broker lost the session.
/// </summary>
public sealed class MqttClient : IAsyncDisposable
{
    private readonly MqttClientOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly MqttClientSession _session;
    private readonly Channel<ConnectionEvent> _events = Channel.CreateUnbounded<ConnectionEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private ClientState _state = ClientState.Idle;
    private Task _supervisor = Task.CompletedTask;

    public MqttClient(MqttClientOptions options, ILogger<MqttClient>? logger = null, TimeProvider? timeProvider = null)
    {
        MqttClientOptionsValidator.Validate(options);
        _options = options;
        _logger = logger ?? NullLogger<MqttClient>.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _session = new MqttClientSession(options, _logger);
        _ = Task.Run(DispatchEventsAsync);
    }

    private enum ClientState
    {
        Idle,
        Connecting,
        Connected,
        Closing,
        Closed,
        Disposed,
    }

    /// <summary>Raised (from a task of its own, never the socket loop) after each successful connect and reconnect.</summary>
    public event EventHandler<MqttConnectionEventArgs>? Connected;

    /// <summary>Raised (from a task of its own) when a connection ends; handler exceptions are caught and logged.</summary>
    public event EventHandler<MqttConnectionEventArgs>? Disconnected;

    /// <summary>
    /// Received messages, bounded by <see cref="MqttClientOptions.ReceiveQueueCapacity"/>. When full, the client stops
    /// reading the socket (the broker sees TCP backpressure); nothing is dropped, but broker answers behind the waiting
    /// messages (SUBACK, PUBACK) wait as well: start reading before connecting. Completed by disconnect or dispose.
    /// </summary>
    public ChannelReader<MqttReceivedMessage> Messages => _session.Messages;

    public bool IsConnected => _session.Connection is { IsAlive: true };

    /// <summary>
    /// Connects once. Throws <see cref="MqttConnectException"/> when the broker refuses, <see cref="IOException"/>,
    /// <see cref="System.Net.Sockets.SocketException"/> or <see cref="System.Security.Authentication.AuthenticationException"/>
    /// when the transport fails, <see cref="TimeoutException"/> after <see cref="MqttClientOptions.ConnectTimeout"/>.
    /// </summary>
    public async Task<MqttConnectResult> ConnectAsync(CancellationToken ct = default)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_state == ClientState.Disposed, this);
            if (_state != ClientState.Idle)
            {
                throw new InvalidOperationException(_state is ClientState.Closing or ClientState.Closed
                    ? "The MQTT client was disconnected; create a new client."
                    : "The MQTT client is already connected or connecting.");
            }

            _state = ClientState.Connecting;
        }

        MqttConnection connection;
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _stopping.Token);
            connection = await MqttConnection.ConnectAsync(_options, _session, _time, _logger, linked.Token);
        }
        catch
        {
            lock (_lock)
            {
                if (_state == ClientState.Connecting)
                {
                    _state = ClientState.Idle;
                }
            }

            throw;
        }

        lock (_lock)
        {
            if (_state != ClientState.Connecting || !_session.TryAttach(connection))
            {
                connection.Abort(new OperationCanceledException("The MQTT client was disconnected while connecting."));
                throw new OperationCanceledException("The MQTT client was disconnected while connecting.");
            }

            _state = ClientState.Connected;
            connection.Start();
            _supervisor = SuperviseAsync(connection);
        }

        _events.Writer.TryWrite(new ConnectionEvent(true, new MqttConnectionEventArgs(connection.SessionPresent)));
        return new MqttConnectResult(MqttConnectReturnCode.Accepted, connection.SessionPresent);
    }

    /// <summary>
    /// Publishes a message. Completes for QoS 0 once written to the socket, for QoS 1 on PUBACK, for QoS 2 on PUBCOMP.
    /// Waits while <see cref="MqttClientOptions.MaxInFlight"/> messages are unacknowledged or the outgoing queue is
    /// full, and across reconnects (unacknowledged messages are sent again). Cancelling <paramref name="ct"/> after the
    /// message was queued stops the wait, not the delivery.
    /// </summary>
    public Task PublishAsync(MqttApplicationMessage message, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(message.Topic);
        ThrowIfDisposed();
        if (!MqttTopic.IsValidTopicName(message.Topic))
        {
            throw new ArgumentException($"'{message.Topic}' is not a valid topic name (spec 4.7).", nameof(message));
        }

        if (message.Qos > MqttQualityOfService.ExactlyOnce)
        {
            throw new ArgumentOutOfRangeException(nameof(message), message.Qos, "QoS must be 0, 1 or 2.");
        }

        var remaining = MqttPacketEncoder.GetPublishRemainingLength(
            System.Text.Encoding.UTF8.GetByteCount(message.Topic), message.Payload.Length, message.Qos);
        if (remaining > MqttPacketDecoder.MaxRemainingLength)
        {
            throw new ArgumentException($"The message needs {remaining} bytes; MQTT allows {MqttPacketDecoder.MaxRemainingLength} (spec 2.2.3).", nameof(message));
        }

        return _session.PublishAsync(message, ct);
    }

    /// <summary>
    /// Subscribes to several filters in one SUBSCRIBE and returns the broker's code per filter. Granted filters are
    /// remembered and subscribed again after a reconnect on which the broker reports no session.
    /// </summary>
    public Task<MqttSubscribeResult> SubscribeAsync(IEnumerable<MqttTopicFilter> filters, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filters);
        ThrowIfDisposed();
        var list = new List<MqttTopicFilter>(filters);
        if (list.Count == 0)
        {
            throw new ArgumentException("At least one topic filter is required (spec 3.8.3).", nameof(filters));
        }

        foreach (var filter in list)
        {
            ArgumentNullException.ThrowIfNull(filter);
            if (filter.Filter is null || !MqttTopic.IsValidTopicFilter(filter.Filter))
            {
                throw new ArgumentException($"'{filter.Filter}' is not a valid topic filter (spec 4.7.1).", nameof(filters));
            }

            if (filter.Qos > MqttQualityOfService.ExactlyOnce)
            {
                throw new ArgumentException($"QoS {filter.Qos} requested for '{filter.Filter}'; must be 0, 1 or 2.", nameof(filters));
            }
        }

        return _session.SubscribeAsync(list, ct);
    }

    /// <summary>Unsubscribes from several filters in one UNSUBSCRIBE and forgets them.</summary>
    public Task UnsubscribeAsync(IEnumerable<string> filters, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filters);
        ThrowIfDisposed();
        var list = new List<string>(filters);
        if (list.Count == 0)
        {
            throw new ArgumentException("At least one topic filter is required (spec 3.10.3).", nameof(filters));
        }

        foreach (var filter in list)
        {
            if (filter is null || !MqttTopic.IsValidTopicFilter(filter))
            {
                throw new ArgumentException($"'{filter}' is not a valid topic filter (spec 4.7.1).", nameof(filters));
            }
        }

        return _session.UnsubscribeAsync(list, ct);
    }

    /// <summary>
    /// Writes what is queued (publishes, acknowledgements), sends DISCONNECT, waits for the broker to close the
    /// connection and stops reconnecting; then fails operations still waiting for the broker and completes
    /// <see cref="Messages"/>. The graceful part is bounded by <see cref="MqttClientOptions.ConnectTimeout"/> and
    /// <paramref name="ct"/>. The client cannot connect again afterwards.
    /// </summary>
    public async Task DisconnectAsync(CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (_state is ClientState.Closing or ClientState.Closed or ClientState.Disposed)
            {
                return;
            }

            _state = ClientState.Closing;
        }

        _session.BeginClose();
        _stopping.Cancel();
        var connection = _session.Connection;
        if (connection is not null)
        {
            using var bounded = new CancellationTokenSource(_options.ConnectTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, bounded.Token);
            await connection.CloseAsync(linked.Token);
        }

        await _supervisor;
        _session.Close(new OperationCanceledException("The MQTT client was disconnected before the operation completed."));
        lock (_lock)
        {
            _state = ClientState.Closed;
        }

        MqttClientLog.Disconnected(_logger, _options.ClientId);
        if (connection is not null)
        {
            _events.Writer.TryWrite(new ConnectionEvent(false, new MqttConnectionEventArgs(false, "The client disconnected.")));
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            if (_state == ClientState.Disposed)
            {
                return;
            }
        }

        await DisconnectAsync();
        lock (_lock)
        {
            _state = ClientState.Disposed;
        }

        _events.Writer.TryComplete();
    }

    private void ThrowIfDisposed()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_state == ClientState.Disposed, this);
        }
    }

    /// <summary>
    /// Watches the current connection; when it ends, reports it and (with auto-reconnect) connects again with
    /// backoff. Runs as its own task, so no event handler ever sits on the reconnect path.
    /// </summary>
    private async Task SuperviseAsync(MqttConnection connection)
    {
        try
        {
            await SuperviseConnectionsAsync(connection);
        }
        catch (Exception ex)
        {
            // Nothing will reconnect now: fail what waits rather than let it hang.
            MqttClientLog.LoopFailed(_logger, _options.ClientId, "supervisor", ex);
            lock (_lock)
            {
                if (_state == ClientState.Connected)
                {
                    _state = ClientState.Idle;
                }
            }

            _session.GoOffline(ex);
        }
    }

    private async Task SuperviseConnectionsAsync(MqttConnection connection)
    {
        var backoff = new ReconnectBackoff(_options.ReconnectMinDelay, _options.ReconnectMaxDelay);
        while (true)
        {
            var connectedAt = _time.GetTimestamp();
            var reason = await connection.WaitForCloseAsync();
            _session.Detach(connection);
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            MqttClientLog.ConnectionLost(_logger, _options.ClientId, reason.Message, reason);
            _events.Writer.TryWrite(new ConnectionEvent(false, new MqttConnectionEventArgs(false, reason.Message, reason)));
            if (!_options.AutoReconnect)
            {
                lock (_lock)
                {
                    if (_state == ClientState.Connected)
                    {
                        _state = ClientState.Idle;
                    }
                }

                _session.GoOffline(new IOException("The MQTT connection was lost and AutoReconnect is off.", reason));
                return;
            }

            // A connection that stayed up a while starts the backoff over; one that flaps keeps backing off.
            if (_time.GetElapsedTime(connectedAt) >= _options.ReconnectMaxDelay)
            {
                backoff.Reset();
            }

            var next = await ReconnectAsync(backoff);
            if (next is null)
            {
                return;
            }

            connection = next;
            MqttMetrics.Reconnects.Add(1, MqttMetrics.Tag(_options.ClientId));
            _events.Writer.TryWrite(new ConnectionEvent(true, new MqttConnectionEventArgs(connection.SessionPresent)));
        }
    }

    private async Task<MqttConnection?> ReconnectAsync(ReconnectBackoff backoff)
    {
        var stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            var delay = backoff.Next();
            MqttClientLog.ReconnectScheduled(_logger, _options.ClientId, backoff.Attempt, delay);
            try
            {
                await Task.Delay(delay, _time, stopping);
                var connection = await MqttConnection.ConnectAsync(_options, _session, _time, _logger, stopping);
                lock (_lock)
                {
                    if (_state != ClientState.Connected || !_session.TryAttach(connection))
                    {
                        connection.Abort(new OperationCanceledException("The MQTT client was disconnected while reconnecting."));
                        return null;
                    }

                    connection.Start();
                }

                return connection;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception ex)
            {
                // Refusals (MqttConnectException) are retried too: credentials or ACLs may be fixed while we wait.
                MqttClientLog.ReconnectFailed(_logger, _options.ClientId, backoff.Attempt, ex.Message, ex);
            }
        }

        return null;
    }

    private async Task DispatchEventsAsync()
    {
        await foreach (var item in _events.Reader.ReadAllAsync())
        {
            var handlers = item.IsConnected ? Connected : Disconnected;
            if (handlers is null)
            {
                continue;
            }

            // One by one, so a throwing handler does not keep the others from hearing of it.
            foreach (var handler in handlers.GetInvocationList())
            {
                try
                {
                    ((EventHandler<MqttConnectionEventArgs>)handler)(this, item.Args);
                }
                catch (Exception ex)
                {
                    MqttClientLog.EventHandlerFailed(_logger, _options.ClientId, item.IsConnected ? nameof(Connected) : nameof(Disconnected), ex);
                }
            }
        }
    }
}
