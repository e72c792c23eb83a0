using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Monitoring.Hub.Benchmarks;

/// <summary>
/// A dashboard's connection to <c>/hubs/alarms</c> speaking the SignalR JSON hub protocol over a raw
/// WebSocket (the .NET SignalR client does not restore here): handshake, records split on 0x1e,
/// a ping every 10 s. Each <c>alarmRaised</c> is reported with the timestamp its bytes arrived.
/// </summary>
public sealed class SignalRListener : IAsyncDisposable
{
    private const byte RecordSeparator = 0x1e;

    private readonly ClientWebSocket _socket = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Action<Guid, Guid, string, long> _alarmRaised;
    private Task _receiving = Task.CompletedTask;
    private Task _pinging = Task.CompletedTask;

    private SignalRListener(Action<Guid, Guid, string, long> alarmRaised) => _alarmRaised = alarmRaised;

    public string? ClosedWith { get; private set; }

    /// <summary>Connects; <paramref name="alarmRaised"/> gets (alarm id, patient id, kind, Stopwatch timestamp of arrival).</summary>
    public static async Task<SignalRListener> ConnectAsync(Uri hub, string token, Action<Guid, Guid, string, long> alarmRaised)
    {
        ArgumentNullException.ThrowIfNull(hub);
        var listener = new SignalRListener(alarmRaised);
        var uri = new UriBuilder(hub) { Scheme = "ws", Path = "/hubs/alarms", Query = $"access_token={Uri.EscapeDataString(token)}" }.Uri;
        await listener._socket.ConnectAsync(uri, CancellationToken.None);
        await listener.SendAsync("""{"protocol":"json","version":1}""");
        listener._receiving = Task.Run(listener.ReceiveAsync);
        listener._pinging = Task.Run(listener.PingAsync);
        return listener;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or InvalidOperationException)
        {
            // Gone already.
        }

        await _receiving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _pinging.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task SendAsync(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json + '\u001e');
        await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, _stop.Token);
    }

    private async Task PingAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(10), _stop.Token);
                await SendAsync("""{"type":6}""");
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or InvalidOperationException)
        {
            // Stopping, or the connection is gone (ReceiveAsync reports it).
        }
    }

    private async Task ReceiveAsync()
    {
        var pending = new ArrayBufferWriter<byte>();
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                var arrived = Stopwatch.GetTimestamp();
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    ClosedWith = $"closed by the hub: {result.CloseStatus} {result.CloseStatusDescription}";
                    return;
                }

                pending.Write(buffer.AsSpan(0, result.Count));
                var data = pending.WrittenSpan;
                var consumed = 0;
                int end;
                while ((end = data[consumed..].IndexOf(RecordSeparator)) >= 0)
                {
                    Handle(data.Slice(consumed, end), arrived);
                    consumed += end + 1;
                }

                var rest = data[consumed..].ToArray();
                pending.ResetWrittenCount();
                pending.Write(rest);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            ClosedWith ??= ex.Message;
        }
    }

    private void Handle(ReadOnlySpan<byte> record, long arrived)
    {
        // Cheap filter first: vitals and snapshots are not parsed.
        if (record.IndexOf("\"alarmRaised\""u8) < 0)
        {
            if (record.IndexOf("\"type\":7"u8) >= 0)
            {
                ClosedWith = Encoding.UTF8.GetString(record);
            }

            return;
        }

        var reader = new Utf8JsonReader(record);
        using var json = JsonDocument.ParseValue(ref reader);
        var root = json.RootElement;
        if (root.GetProperty("type").GetInt32() != 1 || root.GetProperty("target").GetString() != "alarmRaised")
        {
            return;
        }

        var alarm = root.GetProperty("arguments")[0];
        _alarmRaised(alarm.GetProperty("id").GetGuid(), alarm.GetProperty("patientId").GetGuid(), alarm.GetProperty("kind").GetString() ?? "", arrived);
    }
}
