using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Monitoring.Mqtt.Packets;

namespace Monitoring.Mqtt.Internal;

/// <summary>
/// Everything that outlives one network connection: the outgoing queue, packets in flight with their identifiers,
/// the QoS 2 receive state, the remembered subscriptions and the channel of received messages. Connections come
/// and go; each one attaches here, resumes from here (spec 4.4) and hands received messages over to here.
/// </summary>
internal sealed class MqttClientSession
{
    private const int ResubscribeBatchSize = 100;

    private readonly Lock _lock = new();
    private readonly string _clientId;
    private readonly ILogger _logger;
    private readonly KeyValuePair<string, object?> _metricTag;
    private readonly OutgoingInflightStore _inflight = new();
    private readonly IncomingQos2Store _incomingQos2 = new();
    private readonly Dictionary<string, MqttQualityOfService> _subscriptions = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _publishSlots;
    private readonly Channel<OutgoingPublish> _outgoing;
    private readonly Channel<MqttReceivedMessage> _received;
    private readonly CancellationTokenSource _closed = new();
    private MqttConnection? _connection;
    private SessionState _state = SessionState.Offline;

    public MqttClientSession(MqttClientOptions options, ILogger logger)
    {
        _clientId = options.ClientId;
        _logger = logger;
        _metricTag = MqttMetrics.Tag(options.ClientId);
        _publishSlots = new SemaphoreSlim(options.MaxInFlight, options.MaxInFlight);
        _outgoing = Channel.CreateBounded<OutgoingPublish>(new BoundedChannelOptions(options.OutgoingQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
        });
        _received = Channel.CreateBounded<MqttReceivedMessage>(new BoundedChannelOptions(options.ReceiveQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = true,
        });
    }

    private enum SessionState
    {
        /// <summary>Before the first connect, or after a loss without auto-reconnect: operations are refused.</summary>
        Offline,

        /// <summary>Connected or reconnecting: operations are accepted and wait for a connection.</summary>
        Active,

        /// <summary>Disconnecting or disconnected by the application: refused for good.</summary>
        Closed,
    }

    public ChannelReader<MqttReceivedMessage> Messages => _received.Reader;

    public MqttConnection? Connection => Volatile.Read(ref _connection);

    public IncomingQos2Store IncomingQos2 => _incomingQos2;

    /// <summary>Makes <paramref name="connection"/> the one that carries traffic. False when the session was closed meanwhile.</summary>
    public bool TryAttach(MqttConnection connection)
    {
        lock (_lock)
        {
            if (_state == SessionState.Closed)
            {
                return false;
            }

            _state = SessionState.Active;
            _connection = connection;
            return true;
        }
    }

    public void Detach(MqttConnection connection)
    {
        lock (_lock)
        {
            if (ReferenceEquals(_connection, connection))
            {
                _connection = null;
            }
        }
    }

    /// <summary>The connection is lost and will not come back by itself: fail what waits on it.</summary>
    public void GoOffline(Exception reason)
    {
        lock (_lock)
        {
            if (_state != SessionState.Active)
            {
                return;
            }

            _state = SessionState.Offline;
        }

        FailPending(reason);
    }

    /// <summary>Refuses new operations from now on; what is queued may still be written by a graceful close.</summary>
    public void BeginClose()
    {
        lock (_lock)
        {
            _state = SessionState.Closed;
        }
    }

    /// <summary>Fails everything pending with <paramref name="reason"/> and completes <see cref="Messages"/>.</summary>
    public void Close(Exception reason)
    {
        BeginClose();
        _closed.Cancel();
        _outgoing.Writer.TryComplete();
        FailPending(reason);
        _received.Writer.TryComplete();
    }

    public Task PublishAsync(MqttApplicationMessage message, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var publish = new OutgoingPublish(message);
        if (message.Qos == MqttQualityOfService.AtMostOnce)
        {
            ThrowIfNotAccepting();
        }
        else if (_publishSlots.Wait(0))
        {
            RegisterHoldingSlot(publish);
        }
        else
        {
            return AcquireSlotThenPublishAsync(publish, ct);
        }

        if (!_outgoing.Writer.TryWrite(publish))
        {
            return EnqueueSlowlyThenAwaitAsync(publish, ct);
        }

        Connection?.SignalWriter();
        return AwaitCompletion(publish, ct);
    }

    public async Task<MqttSubscribeResult> SubscribeAsync(IReadOnlyList<MqttTopicFilter> filters, CancellationToken ct)
    {
        var subscribe = new PendingSubscribe(filters, isResubscribe: false);
        Register(subscribe)?.EnqueueControl(new ControlPacket(MqttPacketType.Subscribe, subscribe.PacketId, subscribe));
        try
        {
            return await subscribe.Completion.WaitAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The caller gave up: forget it, so a reconnect does not send it again. A late SUBACK is ignored.
            _inflight.TryRemove(subscribe);
            throw;
        }
    }

    public async Task UnsubscribeAsync(IReadOnlyList<string> filters, CancellationToken ct)
    {
        var unsubscribe = new PendingUnsubscribe(filters);
        var connection = Register(unsubscribe);

        // Forgotten now, not at UNSUBACK: a reconnect before the answer must not subscribe to them again.
        Forget(filters);
        connection?.EnqueueControl(new ControlPacket(MqttPacketType.Unsubscribe, unsubscribe.PacketId, unsubscribe));
        try
        {
            await unsubscribe.Completion.WaitAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            _inflight.TryRemove(unsubscribe);
            throw;
        }
    }

    public bool TryDequeuePublish(out OutgoingPublish publish) => _outgoing.Reader.TryRead(out publish!);

    /// <summary>
    /// What a new connection sends before anything else (spec 4.4), oldest first. With the session present:
    /// unacknowledged PUBLISH (DUP set) and PUBREL for released QoS 2, as they were. Without it the broker has
    /// forgotten them, but the application handed them to us: they go out again as first deliveries of the new
    /// session (QoS 2 restarts at PUBLISH), and the remembered subscriptions are sent again.
    /// </summary>
    public List<InflightOperation> PrepareResume(bool sessionPresent)
    {
        if (!sessionPresent)
        {
            _incomingQos2.Clear();
            ReplaceResubscriptions();
        }

        var operations = _inflight.Snapshot();
        if (!sessionPresent)
        {
            foreach (var operation in operations)
            {
                if (operation is OutgoingPublish publish)
                {
                    publish.WrittenBefore = false;
                    publish.Released = false;
                }
            }
        }

        return operations;
    }

    /// <summary>Hands a received PUBLISH to the consumer; completes asynchronously only when the channel is full.</summary>
    public ValueTask DeliverAsync(MqttPublishPacket publish, IncomingAckSequencer acks, CancellationToken ct)
    {
        IncomingAckSequencer? sequencer = null;
        long sequence = 0;
        switch (publish.Qos)
        {
            case MqttQualityOfService.AtLeastOnce:
                sequencer = acks;
                sequence = acks.Register(publish.PacketId, exactlyOnce: false);
                break;
            case MqttQualityOfService.ExactlyOnce when _incomingQos2.Contains(publish.PacketId):
                // 4.3.3 method B: already handed over; answer PUBREC again (in order) and do not deliver twice.
                acks.Register(publish.PacketId, exactlyOnce: true, acknowledged: true);
                MqttClientLog.Qos2DuplicateSuppressed(_logger, _clientId, publish.PacketId);
                return ValueTask.CompletedTask;
            case MqttQualityOfService.ExactlyOnce:
                sequencer = acks;
                sequence = acks.Register(publish.PacketId, exactlyOnce: true);
                break;
        }

        var message = new MqttReceivedMessage(
            publish.Topic, publish.Payload, publish.Qos, publish.Retain, publish.Duplicate, publish.PacketId, sequencer, sequence);
        MqttMetrics.MessagesReceived.Add(1, _metricTag);
        return _received.Writer.TryWrite(message) ? ValueTask.CompletedTask : _received.Writer.WriteAsync(message, ct);
    }

    public void OnPubAck(ushort packetId)
    {
        if (_inflight.Find(packetId) is OutgoingPublish { Message.Qos: MqttQualityOfService.AtLeastOnce } publish)
        {
            Finish(publish);
        }
        else
        {
            MqttClientLog.UnexpectedAcknowledgement(_logger, _clientId, "PUBACK", packetId);
        }
    }

    /// <summary>QoS 2 step two: the broker owns the message; PUBREL follows (the caller sends it for any identifier).</summary>
    public void OnPubRec(ushort packetId)
    {
        if (_inflight.Find(packetId) is OutgoingPublish { Message.Qos: MqttQualityOfService.ExactlyOnce } publish)
        {
            publish.Released = true;
        }
        else
        {
            MqttClientLog.UnexpectedAcknowledgement(_logger, _clientId, "PUBREC", packetId);
        }
    }

    public void OnPubRel(ushort packetId) => _incomingQos2.Remove(packetId);

    public void OnPubComp(ushort packetId)
    {
        if (_inflight.Find(packetId) is OutgoingPublish { Message.Qos: MqttQualityOfService.ExactlyOnce, Released: true } publish)
        {
            Finish(publish);
        }
        else
        {
            MqttClientLog.UnexpectedAcknowledgement(_logger, _clientId, "PUBCOMP", packetId);
        }
    }

    public void OnSubAck(MqttSubAckPacket subAck)
    {
        if (_inflight.Find(subAck.PacketId) is not PendingSubscribe subscribe)
        {
            MqttClientLog.UnexpectedAcknowledgement(_logger, _clientId, "SUBACK", subAck.PacketId);
            return;
        }

        // 3.9.3: one return code per Topic Filter, in order.
        if (subAck.ReturnCodes.Count != subscribe.Filters.Count)
        {
            throw new MqttProtocolViolationException(
                $"SUBACK has {subAck.ReturnCodes.Count} return codes for {subscribe.Filters.Count} topic filters (spec 3.9.3).");
        }

        if (!_inflight.TryRemove(subscribe))
        {
            return;
        }

        lock (_subscriptions)
        {
            for (var i = 0; i < subscribe.Filters.Count; i++)
            {
                var filter = subscribe.Filters[i];
                if (subAck.ReturnCodes[i] != MqttSubscribeReturnCode.Failure)
                {
                    _subscriptions[filter.Filter] = filter.Qos;
                }
                else if (subscribe.IsResubscribe)
                {
                    // Kept: the refusal may be temporary (an ACL being edited); the next reconnect tries again.
                    MqttClientLog.ResubscribeRefused(_logger, _clientId, filter.Filter);
                }
            }
        }

        subscribe.Complete(new MqttSubscribeResult(subAck.ReturnCodes));
    }

    public void OnUnsubAck(ushort packetId)
    {
        if (_inflight.Find(packetId) is not PendingUnsubscribe unsubscribe)
        {
            MqttClientLog.UnexpectedAcknowledgement(_logger, _clientId, "UNSUBACK", packetId);
            return;
        }

        if (!_inflight.TryRemove(unsubscribe))
        {
            return;
        }

        // Again at the answer: a SUBACK for the same filter that arrived in between came from an earlier SUBSCRIBE.
        Forget(unsubscribe.Filters);
        unsubscribe.Complete();
    }

    private void Forget(IReadOnlyList<string> filters)
    {
        lock (_subscriptions)
        {
            foreach (var filter in filters)
            {
                _subscriptions.Remove(filter);
            }
        }
    }

    private void Finish(OutgoingPublish publish)
    {
        if (_inflight.TryRemove(publish))
        {
            _publishSlots.Release();
            publish.Complete();
        }
    }

    /// <summary>Resubscriptions left unanswered by an earlier connection give way to one fresh set.</summary>
    private void ReplaceResubscriptions()
    {
        foreach (var operation in _inflight.Snapshot())
        {
            if (operation is PendingSubscribe { IsResubscribe: true })
            {
                _inflight.TryRemove(operation);
            }
        }

        List<MqttTopicFilter> filters;
        lock (_subscriptions)
        {
            filters = new List<MqttTopicFilter>(_subscriptions.Count);
            foreach (var (filter, qos) in _subscriptions)
            {
                filters.Add(new MqttTopicFilter(filter, qos));
            }
        }

        if (filters.Count == 0)
        {
            return;
        }

        MqttClientLog.Resubscribing(_logger, _clientId, filters.Count);
        for (var start = 0; start < filters.Count; start += ResubscribeBatchSize)
        {
            var batch = filters.GetRange(start, Math.Min(ResubscribeBatchSize, filters.Count - start));
            _inflight.TryAdd(new PendingSubscribe(batch, isResubscribe: true));
        }
    }

    private void ThrowIfNotAccepting()
    {
        lock (_lock)
        {
            if (_state != SessionState.Active)
            {
                throw NotAccepting(_state);
            }
        }
    }

    private static InvalidOperationException NotAccepting(SessionState state) => new(state == SessionState.Closed
        ? "The MQTT client was disconnected; create a new client."
        : "The MQTT client is not connected; call ConnectAsync first.");

    /// <summary>Registers an (un)subscription; returns the connection to enqueue it on (null while reconnecting: the resume sends it).</summary>
    private MqttConnection? Register(InflightOperation operation)
    {
        lock (_lock)
        {
            if (_state != SessionState.Active)
            {
                throw NotAccepting(_state);
            }

            if (!_inflight.TryAdd(operation))
            {
                throw new InvalidOperationException("All 65535 MQTT Packet Identifiers are in use.");
            }

            return _connection;
        }
    }

    private void RegisterHoldingSlot(OutgoingPublish publish)
    {
        try
        {
            Register(publish);
        }
        catch
        {
            _publishSlots.Release();
            throw;
        }
    }

    private async Task AcquireSlotThenPublishAsync(OutgoingPublish publish, CancellationToken ct)
    {
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _closed.Token))
        {
            try
            {
                await _publishSlots.WaitAsync(linked.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw NotAccepting(SessionState.Closed);
            }
        }

        RegisterHoldingSlot(publish);
        if (_outgoing.Writer.TryWrite(publish))
        {
            Connection?.SignalWriter();
        }
        else
        {
            await EnqueueSlowlyAsync(publish, ct);
        }

        await AwaitCompletion(publish, ct);
    }

    private async Task EnqueueSlowlyThenAwaitAsync(OutgoingPublish publish, CancellationToken ct)
    {
        await EnqueueSlowlyAsync(publish, ct);
        await AwaitCompletion(publish, ct);
    }

    private async Task EnqueueSlowlyAsync(OutgoingPublish publish, CancellationToken ct)
    {
        try
        {
            await _outgoing.Writer.WriteAsync(publish, ct);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            // Never queued: take it out of flight again so no reconnect sends it.
            if (_inflight.TryRemove(publish))
            {
                _publishSlots.Release();
            }

            var failure = ex is ChannelClosedException ? NotAccepting(SessionState.Closed) : ex;
            publish.Fail(failure);
            if (failure == ex)
            {
                throw;
            }

            throw failure;
        }

        Connection?.SignalWriter();
    }

    private static Task AwaitCompletion(OutgoingPublish publish, CancellationToken ct) =>
        ct.CanBeCanceled ? publish.Completion.WaitAsync(ct) : publish.Completion;

    private void FailPending(Exception reason)
    {
        foreach (var operation in _inflight.RemoveAll())
        {
            if (operation is OutgoingPublish)
            {
                _publishSlots.Release();
            }

            operation.Fail(reason);
        }

        // QoS 0 messages still queued (QoS 1/2 ones were failed above).
        while (_outgoing.Reader.TryRead(out var queued))
        {
            queued.Fail(reason);
        }
    }
}
