using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;

namespace Monitoring.Hub.Broker;

/// <summary>
/// The TCP stream under the hub's ingestion connection (<see cref="BufferedSocketStreamProvider"/>), shaped
/// for how MQTTnet 5.2 uses a stream. Its receive loop reads every packet in at least two calls (the 2-byte
/// fixed header, then the body), and it sends each PUBACK as its own write: on a plain
/// <see cref="NetworkStream"/> that is one system call per read and per write, three or more per message.
/// <list type="bullet">
/// <item>Reads are served from a 64 KiB buffer filled by one receive whenever it runs dry, so a backlog of
/// small PUBLISH packets costs one receive per buffer rather than two per packet.</item>
/// <item>Writes go into a pipe and return; one sender moves whatever has piled up to the socket in one send.
/// Idle, a packet leaves at once (no Nagle-like delay); under load, the PUBACKs written while a send is under
/// way leave together in the next one. Their order is kept (MQTT 5 §4.6). Writes are serialized by MQTTnet
/// (its send lock; <see cref="System.Net.Security.SslStream"/> above too). A sender failure fails the next write;
/// the pipe holds at most 1 MiB before a write waits.</item>
/// </list>
/// </summary>
internal sealed class BufferedSocketStream : Stream
{
    private const int ReadBufferSize = 64 * 1024;
    private static readonly TimeSpan LastSend = TimeSpan.FromSeconds(1);
    private readonly Socket _socket;
    private readonly byte[] _readBuffer = new byte[ReadBufferSize];
    private readonly Pipe _outgoing = new(new PipeOptions(pauseWriterThreshold: 1024 * 1024, resumeWriterThreshold: 512 * 1024, useSynchronizationContext: false));
    private readonly Task _sending;
    private int _readStart;
    private int _readEnd;
    private volatile Exception? _sendFailure;
    private int _disposed;

    public BufferedSocketStream(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        _socket = socket;
        _sending = Task.Run(SendAsync);
    }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_readStart < _readEnd)
        {
            return ValueTask.FromResult(CopyBuffered(buffer.Span));
        }

        return buffer.Length >= ReadBufferSize ? ReceiveAsync(buffer, cancellationToken) : FillAndCopyAsync(buffer, cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfSendFailed();
        _outgoing.Writer.Write(buffer.Span);
        var flush = _outgoing.Writer.FlushAsync(cancellationToken);
        return flush.IsCompletedSuccessfully && !flush.Result.IsCompleted ? ValueTask.CompletedTask : AwaitFlushAsync(flush);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Nothing to do: the sender sends what is written without being asked.</summary>
    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        Dispose(true);
        await _sending.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        GC.SuppressFinalize(this);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            // What is written goes out first (MQTTnet disposes right after writing DISCONNECT), for a
            // bounded time: a broker that stopped reading must not hold up the reconnect.
            _outgoing.Writer.Complete();
            try
            {
                _sending.Wait(LastSend);
            }
            catch (AggregateException)
            {
                // The sender's failure was already recorded; the socket goes anyway.
            }

            _socket.Dispose();
        }

        base.Dispose(disposing);
    }

    private int CopyBuffered(Span<byte> destination)
    {
        var count = Math.Min(destination.Length, _readEnd - _readStart);
        _readBuffer.AsSpan(_readStart, count).CopyTo(destination);
        _readStart += count;
        return count;
    }

    private async ValueTask<int> FillAndCopyAsync(Memory<byte> destination, CancellationToken ct)
    {
        var received = await ReceiveAsync(_readBuffer, ct);
        _readStart = 0;
        _readEnd = received;
        return received == 0 ? 0 : CopyBuffered(destination.Span);
    }

    private async ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        try
        {
            return await _socket.ReceiveAsync(buffer, SocketFlags.None, ct);
        }
        catch (SocketException ex)
        {
            // As NetworkStream does: MQTTnet's channel unwraps the socket error from an IOException.
            throw new IOException($"Unable to read data from the transport connection: {ex.Message}", ex);
        }
    }

    private async ValueTask AwaitFlushAsync(ValueTask<FlushResult> flush)
    {
        if ((await flush).IsCompleted)
        {
            ThrowIfSendFailed();
            throw new IOException("The connection to the broker is closed.");
        }
    }

    private void ThrowIfSendFailed()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_sendFailure is { } failure)
        {
            throw new IOException($"Unable to write data to the transport connection: {failure.Message}", failure);
        }
    }

    /// <summary>The one sender: everything written since its last send goes out in the next.</summary>
    private async Task SendAsync()
    {
        var reader = _outgoing.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync();
                foreach (var segment in result.Buffer)
                {
                    for (var sent = 0; sent < segment.Length;)
                    {
                        sent += await _socket.SendAsync(segment[sent..], SocketFlags.None);
                    }
                }

                reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }

            await reader.CompleteAsync();
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // Completed without the exception, which the pipe would throw raw from the next write: the write
            // sees a completed reader and throws an IOException carrying it, as a NetworkStream would.
            _sendFailure = ex;
            await reader.CompleteAsync();
        }
    }
}
