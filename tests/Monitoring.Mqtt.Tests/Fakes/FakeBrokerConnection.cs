using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;
using Monitoring.Mqtt.Formatter;
using Monitoring.Mqtt.Packets;

namespace Monitoring.Mqtt.Tests.Fakes;

/// <summary>The broker's end of one client connection: packets the client sent arrive in order; the test writes replies.</summary>
internal sealed class FakeBrokerConnection : IAsyncDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly Channel<MqttPacket> _received = Channel.CreateUnbounded<MqttPacket>();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private volatile TaskCompletionSource _readGate = CreateOpenGate();
    private readonly Task _readLoop;

    public FakeBrokerConnection(Socket socket, Stream stream)
    {
        _socket = socket;
        _stream = stream;
        _readLoop = ReadLoopAsync();
    }

    public MqttConnectPacket Connect { get; set; } = null!;

    /// <summary>The certificate the client presented over TLS, if any.</summary>
    public string? ClientCertificateSubject => (_stream as System.Net.Security.SslStream)?.RemoteCertificate?.Subject;

    /// <summary>Answer PINGREQ with PINGRESP without showing it to the test.</summary>
    public bool AutoPingResponse { get; set; } = true;

    /// <summary>How the client's side ended: null for a clean close, else the decode or socket error.</summary>
    public Exception? ReadError { get; private set; }

    public async Task<MqttPacket> ReceiveAsync(TimeSpan? timeout = null)
    {
        // A cancelled read leaves the channel; a timed-out WaitAsync would leave a read behind that eats the next packet.
        using var cancel = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            return await _received.Reader.ReadAsync(cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw new TimeoutException("The client sent nothing in time.");
        }
    }

    public async Task<T> ReceiveAsync<T>(TimeSpan? timeout = null)
        where T : MqttPacket
    {
        var packet = await ReceiveAsync(timeout);
        return packet as T ?? throw new Xunit.Sdk.XunitException($"Expected {typeof(T).Name}, the client sent {packet.Type}.");
    }

    /// <summary>Stops reading the socket, as a busy broker does: what the client sends waits unread in the kernel.</summary>
    public void PauseReading() => _readGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ResumeReading() => _readGate.TrySetResult();

    /// <summary>The next packet if one arrives within <paramref name="wait"/>, else null (for "nothing was sent" checks).</summary>
    public async Task<MqttPacket?> TryReceiveAsync(TimeSpan wait)
    {
        try
        {
            return await ReceiveAsync(wait);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    /// <summary>Completes when the client closed the connection (or it broke).</summary>
    public Task WaitForCloseAsync(TimeSpan? timeout = null) => _readLoop.WaitAsync(timeout ?? DefaultTimeout);

    public Task SendAsync(MqttPacket packet) => SendRawAsync(PacketCodec.Encode(packet));

    public async Task SendRawAsync(byte[] bytes)
    {
        await _writeLock.WaitAsync();
        try
        {
            await _stream.WriteAsync(bytes);
            await _stream.FlushAsync();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        ResumeReading();
        try
        {
            await _readLoop;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
        }

        await _stream.DisposeAsync();
    }

    private static TaskCompletionSource CreateOpenGate()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.SetResult();
        return gate;
    }

    private async Task ReadLoopAsync()
    {
        var reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
        var decoder = new MqttPacketDecoder();
        try
        {
            while (true)
            {
                await _readGate.Task;
                var result = await reader.ReadAsync();
                var buffer = result.Buffer;
                while (decoder.TryDecode(buffer, out var packet, out var consumed))
                {
                    buffer = buffer.Slice(consumed);
                    if (packet is MqttPingReqPacket && AutoPingResponse)
                    {
                        await SendAsync(MqttPingRespPacket.Instance);
                        continue;
                    }

                    _received.Writer.TryWrite(packet);
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception ex)
        {
            ReadError = ex;
        }
        finally
        {
            _received.Writer.TryComplete();
            await reader.CompleteAsync();

            // Like a server after DISCONNECT or end of stream: close our side too.
            try
            {
                _socket.Shutdown(SocketShutdown.Send);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
            }
        }
    }
}
