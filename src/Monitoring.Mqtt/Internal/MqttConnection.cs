using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Monitoring.Mqtt.Formatter;
using Monitoring.Mqtt.Packets;

namespace Monitoring.Mqtt.Internal;

/// <summary>
/// One network connection of a client, from CONNACK until the socket closes, with its three loops:
/// <list type="bullet">
/// <item>read: decodes packets from a <see cref="PipeReader"/> and hands them off (never runs user code; waits,
/// and so stops reading the socket, while the consumer's channel is full);</item>
/// <item>write: the only writer of the socket; drains due acknowledgements, control packets and queued publishes
/// into a <see cref="PipeWriter"/> and flushes once the sources are momentarily empty (one write per burst);</item>
/// <item>keep-alive: PINGREQ after a quiet keep-alive period, and closes the connection when nothing answers
/// within another (spec 3.1.2.10).</item>
/// </list>
/// Any failure in a loop closes the connection (<see cref="Abort"/>); the client's supervisor reconnects.
/// </summary>
internal sealed class MqttConnection
{
    private const int FlushThreshold = 64 * 1024;
    private const int PipeBufferSize = 64 * 1024;
    private const int ConnAckLength = 4;

    private static int _lastConnectionId;

    private readonly MqttClientSession _session;
    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private readonly MqttPacketDecoder _decoder;
    private readonly TimeProvider _time;
    private readonly TimeSpan _keepAlive;
    private readonly ILogger _logger;
    private readonly string _clientId;
    private readonly KeyValuePair<string, object?> _metricTag;
    private readonly CancellationTokenSource _cts = new();
    private readonly CancellationTokenSource _delivery;
    private readonly Channel<ControlPacket> _control = Channel.CreateUnbounded<ControlPacket>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private readonly IncomingAckSequencer _acks;
    private readonly List<OutgoingPublish> _awaitingFlush = [];
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _loops;
    private Exception? _closeReason;
    private volatile bool _closing;
    private volatile bool _disconnectSent;
    private Task _readLoop = Task.CompletedTask;
    private volatile bool _awaitingConsumer;
    private long _lastSent;
    private long _lastReceived;
    private int _publishesSinceFlush;

    private MqttConnection(
        MqttClientOptions options,
        MqttClientSession session,
        Socket socket,
        Stream stream,
        PipeReader reader,
        PipeWriter writer,
        MqttPacketDecoder decoder,
        bool sessionPresent,
        TimeProvider time,
        ILogger logger)
    {
        Id = Interlocked.Increment(ref _lastConnectionId);
        _session = session;
        _socket = socket;
        _stream = stream;
        _reader = reader;
        _writer = writer;
        _decoder = decoder;
        _time = time;
        _keepAlive = options.KeepAlive;
        _logger = logger;
        _clientId = options.ClientId;
        _metricTag = MqttMetrics.Tag(options.ClientId);
        SessionPresent = sessionPresent;
        _acks = new IncomingAckSequencer(session.IncomingQos2, SignalWriter);
        _delivery = CancellationTokenSource.CreateLinkedTokenSource(_cts.Token);
        _lastSent = _lastReceived = time.GetTimestamp();
        _loops = RunAsync();
    }

    public int Id { get; }

    public bool SessionPresent { get; }

    public bool IsAlive => Volatile.Read(ref _closeReason) is null;

    /// <summary>Completes when all loops have stopped and the socket is closed; yields why it closed.</summary>
    public async Task<Exception> WaitForCloseAsync()
    {
        await _loops;
        return _closeReason!;
    }

    /// <summary>TCP (+ TLS), CONNECT, CONNACK, all within <see cref="MqttClientOptions.ConnectTimeout"/>. The loops wait for <see cref="Start"/>.</summary>
    public static async Task<MqttConnection> ConnectAsync(
        MqttClientOptions options,
        MqttClientSession session,
        TimeProvider time,
        ILogger logger,
        CancellationToken ct)
    {
        MqttClientLog.Connecting(logger, options.ClientId, options.Host, options.Port, options.Tls is not null);
        using var timeout = new CancellationTokenSource(options.ConnectTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        Socket? socket = null;
        Stream? stream = null;
        PipeReader? reader = null;
        PipeWriter? writer = null;
        try
        {
            (socket, stream) = await MqttTransport.ConnectAsync(options, linked.Token);
            reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: PipeBufferSize, leaveOpen: true));
            writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: PipeBufferSize, leaveOpen: true));

            MqttPacketEncoder.Encode(CreateConnectPacket(options), writer);
            var connectBytes = writer.UnflushedBytes;
            await writer.FlushAsync(linked.Token);
            MqttMetrics.BytesSent.Add(connectBytes, MqttMetrics.Tag(options.ClientId));

            var decoder = new MqttPacketDecoder(options.MaxPacketSize);
            var connAck = await ReadConnAckAsync(reader, decoder, linked.Token);
            MqttMetrics.BytesReceived.Add(ConnAckLength, MqttMetrics.Tag(options.ClientId));
            if (connAck.ReturnCode != MqttConnectReturnCode.Accepted)
            {
                MqttClientLog.ConnectRefused(logger, options.ClientId, connAck.ReturnCode);
                throw new MqttConnectException(connAck.ReturnCode);
            }

            MqttClientLog.Connected(logger, options.ClientId, connAck.SessionPresent);
            return new MqttConnection(options, session, socket, stream, reader, writer, decoder, connAck.SessionPresent, time, logger);
        }
        catch (Exception ex)
        {
            if (reader is not null)
            {
                await reader.CompleteAsync();
            }

            if (writer is not null)
            {
                await writer.CompleteAsync(ex);
            }

            if (stream is not null)
            {
                await stream.DisposeAsync();
            }

            socket?.Dispose();
            if (ex is OperationCanceledException && timeout.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                throw new TimeoutException($"No CONNACK from {options.Host}:{options.Port} within {options.ConnectTimeout}.", ex);
            }

            throw;
        }
    }

    /// <summary>Starts the loops; the connection must be attached to the session first (the writer resumes from it).</summary>
    public void Start() => _started.TrySetResult();

    public void SignalWriter() => _wake.Writer.TryWrite(true);

    public void EnqueueControl(ControlPacket packet)
    {
        if (_control.Writer.TryWrite(packet))
        {
            SignalWriter();
        }
    }

    /// <summary>Graceful close: write what is queued, then DISCONNECT (spec 3.14), then close. Aborts when <paramref name="ct"/> fires.</summary>
    public async Task CloseAsync(CancellationToken ct)
    {
        _closing = true;
        SignalWriter();
        Start();
        try
        {
            await _loops.WaitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            Abort(new OperationCanceledException("The graceful MQTT disconnect was cut short.", ct));
            await _loops;
        }
    }

    /// <summary>Closes the connection now, from any thread; the first reason wins.</summary>
    public void Abort(Exception reason)
    {
        if (Interlocked.CompareExchange(ref _closeReason, reason, null) is not null)
        {
            return;
        }

        _acks.Close();
        _control.Writer.TryComplete();
        Start();
        try
        {
            _cts.Cancel();
        }
        catch (AggregateException ex)
        {
            MqttClientLog.LoopFailed(_logger, _clientId, "cancellation", ex);
        }

        // Closing the socket (not the TLS stream) unblocks pending reads and writes on any thread.
        _socket.Dispose();
    }

    private static MqttConnectPacket CreateConnectPacket(MqttClientOptions options) => new()
    {
        ClientId = options.ClientId,
        CleanSession = options.CleanSession,
        KeepAliveSeconds = (ushort)options.KeepAlive.TotalSeconds,
        Username = options.Username,
        Password = options.Password is null ? (ReadOnlyMemory<byte>?)null : Encoding.UTF8.GetBytes(options.Password),
        WillTopic = options.Will?.Topic,
        WillPayload = options.Will?.Payload ?? default,
        WillQos = options.Will?.Qos ?? MqttQualityOfService.AtMostOnce,
        WillRetain = options.Will?.Retain ?? false,
    };

    private static async Task<MqttConnAckPacket> ReadConnAckAsync(PipeReader reader, MqttPacketDecoder decoder, CancellationToken ct)
    {
        while (true)
        {
            var result = await reader.ReadAsync(ct);
            var buffer = result.Buffer;
            if (decoder.TryDecode(buffer, out var packet, out var consumed))
            {
                reader.AdvanceTo(consumed);

                // 3.2: "The first packet sent from the Server to the Client MUST be a CONNACK Packet" [MQTT-3.2.0-1].
                return packet as MqttConnAckPacket
                    ?? throw new MqttProtocolViolationException($"The broker answered CONNECT with {packet.Type} instead of CONNACK (spec 3.2, MQTT-3.2.0-1).");
            }

            if (result.IsCompleted)
            {
                throw new IOException("The broker closed the connection before CONNACK.");
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Runs the loops to their end and releases the transport; never throws, so the supervisor always learns of the close.</summary>
    private async Task RunAsync()
    {
        await _started.Task;
        try
        {
            _readLoop = Task.Run(ReadLoopAsync);
            await Task.WhenAll(_readLoop, Task.Run(WriteLoopAsync), Task.Run(KeepAliveLoopAsync));
        }
        catch (Exception ex)
        {
            MqttClientLog.LoopFailed(_logger, _clientId, "connection", ex);
        }

        Abort(new IOException("The MQTT connection closed."));
        try
        {
            await _stream.DisposeAsync();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
            // The socket is already closed; TLS may fail to say goodbye.
        }

        _delivery.Dispose();
        _cts.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        var ct = _cts.Token;
        try
        {
            while (true)
            {
                var result = await _reader.ReadAsync(ct);
                var buffer = result.Buffer;
                if (!buffer.IsEmpty)
                {
                    Volatile.Write(ref _lastReceived, _time.GetTimestamp());
                }

                var before = buffer.Length;
                while (_decoder.TryDecode(buffer, out var packet, out var consumed))
                {
                    buffer = buffer.Slice(consumed);

                    // After DISCONNECT nothing is handed on: unacknowledged messages are the broker's to redeliver.
                    var handled = _disconnectSent ? ValueTask.CompletedTask : HandlePacketAsync(packet, _delivery.Token);
                    if (!handled.IsCompletedSuccessfully)
                    {
                        // The consumer's channel is full: stop reading (TCP pushes back to the broker).
                        _awaitingConsumer = true;
                        try
                        {
                            await handled;
                        }
                        catch (OperationCanceledException) when (_disconnectSent && !ct.IsCancellationRequested)
                        {
                        }
                        finally
                        {
                            _awaitingConsumer = false;
                        }
                    }

                    if (packet is MqttPublishPacket)
                    {
                        await WaitForAcknowledgementRoomAsync(ct);
                    }
                }

                MqttMetrics.BytesReceived.Add(before - buffer.Length, _metricTag);
                _reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    if (_disconnectSent)
                    {
                        return;
                    }

                    throw buffer.IsEmpty
                        ? new EndOfStreamException("The broker closed the connection.")
                        : new MqttProtocolViolationException("The broker closed the connection in the middle of a packet.");
                }
            }
        }
        catch (Exception ex)
        {
            if (ex is MqttProtocolViolationException && IsAlive)
            {
                MqttMetrics.ProtocolViolations.Add(1, _metricTag);
                MqttClientLog.ProtocolViolation(_logger, _clientId, ex.Message, ex);
            }

            Abort(ex);
        }
        finally
        {
            await _reader.CompleteAsync();
        }
    }

    /// <summary>Stops reading while the broker has more unacknowledged messages towards us than identifiers allow (see <see cref="IncomingAckSequencer"/>).</summary>
    private async ValueTask WaitForAcknowledgementRoomAsync(CancellationToken ct)
    {
        var room = _acks.WaitForRoomAsync();
        if (room.IsCompleted)
        {
            return;
        }

        MqttMetrics.AcknowledgementWindowFull.Add(1, _metricTag);
        MqttClientLog.AcknowledgementWindowFull(_logger, _clientId, _acks.Outstanding);
        _awaitingConsumer = true;
        try
        {
            await room.WaitAsync(ct);
        }
        finally
        {
            _awaitingConsumer = false;
        }
    }

    private ValueTask HandlePacketAsync(MqttPacket packet, CancellationToken ct)
    {
        switch (packet)
        {
            case MqttPublishPacket publish:
                return _session.DeliverAsync(publish, _acks, ct);
            case MqttPubAckPacket pubAck:
                _session.OnPubAck(pubAck.PacketId);
                break;
            case MqttPubRecPacket pubRec:
                // 4.3.3: answer PUBREC with PUBREL, also for an identifier we no longer know, so the broker can finish.
                _session.OnPubRec(pubRec.PacketId);
                EnqueueControl(new ControlPacket(MqttPacketType.PubRel, pubRec.PacketId));
                break;
            case MqttPubRelPacket pubRel:
                // 4.3.3: "MUST respond to a PUBREL packet by sending a PUBCOMP packet containing the same Packet Identifier".
                _session.OnPubRel(pubRel.PacketId);
                EnqueueControl(new ControlPacket(MqttPacketType.PubComp, pubRel.PacketId));
                break;
            case MqttPubCompPacket pubComp:
                _session.OnPubComp(pubComp.PacketId);
                break;
            case MqttSubAckPacket subAck:
                _session.OnSubAck(subAck);
                break;
            case MqttUnsubAckPacket unsubAck:
                _session.OnUnsubAck(unsubAck.PacketId);
                break;
            case MqttPingRespPacket:
                break;
            default:
                // 2.2.1: CONNECT, SUBSCRIBE, UNSUBSCRIBE, PINGREQ and DISCONNECT travel client to server only; CONNACK only once.
                throw new MqttProtocolViolationException($"The broker sent {packet.Type}, which it must not send to a connected client (spec 2.2.1).");
        }

        return ValueTask.CompletedTask;
    }

    private async Task WriteLoopAsync()
    {
        var ct = _cts.Token;
        Exception? failure = null;
        try
        {
            await WriteResumeAsync(ct);
            while (true)
            {
                if (WriteAvailable())
                {
                    await FlushAsync(ct);
                    continue;
                }

                if (_closing)
                {
                    await DisconnectAsync(ct);
                    return;
                }

                await _wake.Reader.ReadAsync(ct);
            }
        }
        catch (Exception ex)
        {
            failure = ex;
            Abort(ex);
        }
        finally
        {
            // QoS 0 messages written but not flushed: their fate is unknown, so their callers hear of it.
            foreach (var publish in _awaitingFlush)
            {
                publish.Fail(new IOException("The MQTT connection closed before the message was written.", failure));
            }

            _awaitingFlush.Clear();
            try
            {
                await _writer.CompleteAsync(failure ?? new IOException("The MQTT connection closed."));
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
            {
                // The socket is already gone.
            }
        }
    }

    /// <summary>
    /// 3.14.4: after DISCONNECT the client sends nothing more and closes the connection. Closing at once while the
    /// broker is still sending resets the connection (unread data in our socket); a broker that meets the reset on its
    /// next write (Mosquitto: "Broken pipe") drops the connection without reading what we sent last: acknowledgements
    /// and the DISCONNECT itself, so it publishes the will. Hence a half-close, then wait for the broker to close
    /// (bounded by the caller).
    /// </summary>
    private async Task DisconnectAsync(CancellationToken ct)
    {
        MqttPacketEncoder.WriteEmpty(_writer, MqttPacketType.Disconnect);
        await FlushAsync(ct);
        _disconnectSent = true;
        await _delivery.CancelAsync();
        try
        {
            if (_stream is SslStream ssl)
            {
                await ssl.ShutdownAsync();
            }

            _socket.Shutdown(SocketShutdown.Send);
            await _readLoop.WaitAsync(ct);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            // The broker closed first.
        }

        Abort(new OperationCanceledException("The MQTT client disconnected."));
    }

    /// <summary>Spec 4.4: before new traffic, what the previous connections left unanswered, oldest first.</summary>
    private async Task WriteResumeAsync(CancellationToken ct)
    {
        var operations = _session.PrepareResume(SessionPresent);
        if (operations.Count == 0)
        {
            return;
        }

        MqttClientLog.Resuming(_logger, _clientId, operations.Count, SessionPresent);
        foreach (var operation in operations)
        {
            switch (operation)
            {
                case OutgoingPublish { Released: true } released:
                    MqttPacketEncoder.WriteIdentifierOnly(_writer, MqttPacketType.PubRel, released.PacketId);
                    released.WrittenOnConnection = Id;
                    break;
                case OutgoingPublish publish:
                    WritePublish(publish);
                    break;
                default:
                    WriteOperation(operation);
                    break;
            }

            if (_writer.UnflushedBytes >= FlushThreshold)
            {
                await FlushAsync(ct);
            }
        }

        await FlushAsync(ct);
    }

    /// <summary>Encodes what is ready, acknowledgements and control packets first; true when anything was written.</summary>
    private bool WriteAvailable()
    {
        var wrote = false;
        var acknowledged = _acks.Drain(_writer);
        if (acknowledged > 0)
        {
            MqttMetrics.MessagesAcknowledged.Add(acknowledged, _metricTag);
            wrote = true;
        }

        while (_control.Reader.TryRead(out var control))
        {
            switch (control.Type)
            {
                case MqttPacketType.PingReq:
                    MqttPacketEncoder.WriteEmpty(_writer, MqttPacketType.PingReq);
                    break;
                case MqttPacketType.Subscribe or MqttPacketType.Unsubscribe:
                    WriteOperation(control.Operation!);
                    break;
                default:
                    MqttPacketEncoder.WriteIdentifierOnly(_writer, control.Type, control.PacketId);
                    break;
            }

            wrote = true;
        }

        while (_writer.UnflushedBytes < FlushThreshold && _session.TryDequeuePublish(out var publish))
        {
            wrote |= WritePublish(publish);
        }

        return wrote;
    }

    private bool WritePublish(OutgoingPublish publish)
    {
        // Already answered, failed, or sent on this connection by the resume: nothing to do.
        if (publish.IsCompleted || publish.WrittenOnConnection == Id)
        {
            return false;
        }

        var message = publish.Message;
        MqttPacketEncoder.WritePublish(
            _writer, message.Topic, message.Payload.Span, message.Qos, message.Retain, publish.WrittenBefore, publish.PacketId);
        publish.WrittenBefore = true;
        publish.WrittenOnConnection = Id;
        _publishesSinceFlush++;
        if (message.Qos == MqttQualityOfService.AtMostOnce)
        {
            _awaitingFlush.Add(publish);
        }

        return true;
    }

    private void WriteOperation(InflightOperation operation)
    {
        if (operation.IsCompleted || operation.WrittenOnConnection == Id)
        {
            return;
        }

        if (operation is PendingSubscribe subscribe)
        {
            MqttPacketEncoder.WriteSubscribe(_writer, subscribe.PacketId, subscribe.Filters);
        }
        else
        {
            var unsubscribe = (PendingUnsubscribe)operation;
            MqttPacketEncoder.WriteUnsubscribe(_writer, unsubscribe.PacketId, unsubscribe.Filters);
        }

        operation.WrittenOnConnection = Id;
    }

    private async ValueTask FlushAsync(CancellationToken ct)
    {
        var bytes = _writer.UnflushedBytes;
        await _writer.FlushAsync(ct);
        Volatile.Write(ref _lastSent, _time.GetTimestamp());
        MqttMetrics.BytesSent.Add(bytes, _metricTag);
        if (_publishesSinceFlush > 0)
        {
            MqttMetrics.MessagesSent.Add(_publishesSinceFlush, _metricTag);
            _publishesSinceFlush = 0;
        }

        foreach (var publish in _awaitingFlush)
        {
            publish.Complete();
        }

        _awaitingFlush.Clear();
    }

    private async Task KeepAliveLoopAsync()
    {
        if (_keepAlive <= TimeSpan.Zero)
        {
            return;
        }

        var ct = _cts.Token;
        long? pingSentAt = null;
        try
        {
            while (true)
            {
                var now = _time.GetTimestamp();
                TimeSpan wait;
                if (pingSentAt is { } sentAt)
                {
                    // Any packet counts as an answer; so does a full consumer channel (we are not reading, not dead).
                    if (Volatile.Read(ref _lastReceived) >= sentAt || _awaitingConsumer)
                    {
                        pingSentAt = null;
                        continue;
                    }

                    var waited = _time.GetElapsedTime(sentAt, now);
                    if (waited >= _keepAlive)
                    {
                        MqttClientLog.KeepAliveTimeout(_logger, _clientId, _keepAlive);
                        Abort(new TimeoutException($"No packet from the broker within the keep-alive of {_keepAlive} after PINGREQ."));
                        return;
                    }

                    wait = _keepAlive - waited;
                }
                else
                {
                    // 3.1.2.10: the client sends PINGREQ when it has sent nothing else for the keep-alive period.
                    var idle = _time.GetElapsedTime(Volatile.Read(ref _lastSent), now);
                    if (idle >= _keepAlive)
                    {
                        pingSentAt = now;
                        EnqueueControl(new ControlPacket(MqttPacketType.PingReq, 0));
                        wait = _keepAlive;
                    }
                    else
                    {
                        wait = _keepAlive - idle;
                    }
                }

                await Task.Delay(wait, _time, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            MqttClientLog.LoopFailed(_logger, _clientId, "keep-alive", ex);
            Abort(ex);
        }
    }
}
