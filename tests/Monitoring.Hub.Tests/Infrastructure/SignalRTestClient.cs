using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Monitoring.Hub.Tests.Infrastructure;

/// <summary>
/// A SignalR client speaking the JSON hub protocol over a raw WebSocket (the .NET SignalR client
/// package does not restore here): handshake <c>{"protocol":"json","version":1}</c> + 0x1e, then
/// records separated by 0x1e. It records every invocation the server sends, in order, and waits
/// for them with bounded waits that fail with what did arrive.
/// </summary>
public sealed class SignalRTestClient : IAsyncDisposable
{
    private const byte RecordSeparator = 0x1e;
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(30);

    private readonly WebSocket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<HubEvent> _events = [];
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _invocations = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ArrayBufferWriter<byte> _pending = new();
    private Task _receiving = Task.CompletedTask;
    private int _nextInvocationId;

    private SignalRTestClient(WebSocket socket, string name)
    {
        _socket = socket;
        Name = name;
    }

    /// <summary>A name for failure messages (e.g. the user it connects as).</summary>
    public string Name { get; }

    /// <summary>Set when the server closed the connection (a close record, or the socket).</summary>
    public string? ClosedWith { get; private set; }

    /// <summary>Everything received so far, in order.</summary>
    public IReadOnlyList<HubEvent> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>Connects through an in-process hub's test server.</summary>
    public static Task<SignalRTestClient> ConnectAsync(WebApplicationFactory<Program> factory, string token, string name, string path = "/hubs/alarms")
    {
        ArgumentNullException.ThrowIfNull(factory);
        var client = factory.Server.CreateWebSocketClient();
        return ConnectAsync((uri, ct) => client.ConnectAsync(uri, ct), new Uri("ws://localhost"), token, name, path);
    }

    /// <summary>Connects to a hub listening on a real port.</summary>
    public static Task<SignalRTestClient> ConnectAsync(Uri httpBase, string token, string name, string path = "/hubs/alarms")
    {
        ArgumentNullException.ThrowIfNull(httpBase);
        var wsBase = new UriBuilder(httpBase) { Scheme = httpBase.Scheme == "https" ? "wss" : "ws" }.Uri;
        return ConnectAsync(async (uri, ct) =>
        {
            var socket = new ClientWebSocket();
            await socket.ConnectAsync(uri, ct);
            return socket;
        }, wsBase, token, name, path);
    }

    private static async Task<SignalRTestClient> ConnectAsync(
        Func<Uri, CancellationToken, Task<WebSocket>> connect, Uri wsBase, string token, string name, string path)
    {
        var uri = new Uri(wsBase, $"{path}?access_token={Uri.EscapeDataString(token)}");
        using var timeout = new CancellationTokenSource(DefaultWait);
        var socket = await connect(uri, timeout.Token);
        var client = new SignalRTestClient(socket, name);
        await client.SendRecordAsync("""{"protocol":"json","version":1}""");
        var handshake = await client.ReceiveRecordAsync(timeout.Token)
            ?? throw new InvalidOperationException($"{name}: the hub closed the connection during the handshake.");
        using (var answer = JsonDocument.Parse(handshake))
        {
            if (answer.RootElement.TryGetProperty("error", out var error))
            {
                throw new InvalidOperationException($"{name}: the hub refused the handshake: {error}");
            }
        }

        client._receiving = Task.Run(client.ReceiveLoopAsync);
        return client;
    }

    /// <summary>
    /// Waits (bounded) for the next event named <paramref name="target"/> (exact, camelCase) whose
    /// first argument satisfies <paramref name="match"/>, after the <paramref name="skip"/>-th event.
    /// Returns its first argument.
    /// </summary>
    public async Task<JsonElement> WaitForAsync(string target, Func<JsonElement, bool>? match = null, TimeSpan? timeout = null, int skip = 0)
    {
        var limit = timeout ?? DefaultWait;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(limit);
        while (true)
        {
            var events = Events;
            var found = events.Skip(skip).FirstOrDefault(e => e.Target == target && (match is null || match(e.Argument)));
            if (found is not null)
            {
                return found.Argument;
            }

            if (ClosedWith is not null)
            {
                Assert.Fail($"{Name}: the connection closed ({ClosedWith}) before a '{target}' arrived; received: {Describe(events)}");
            }

            try
            {
                await _arrived.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                Assert.Fail($"{Name}: no matching '{target}' within {limit.TotalSeconds:0} s; received: {Describe(Events)}");
            }
        }
    }

    /// <summary>Invokes a hub method and waits (bounded) for its completion; returns its result.</summary>
    public async Task<JsonElement> InvokeAsync(string method, params object?[] arguments)
    {
        var id = Interlocked.Increment(ref _nextInvocationId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var completion = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _invocations[id] = completion;
        await SendRecordAsync(JsonSerializer.Serialize(new { type = 1, invocationId = id, target = method, arguments }));
        try
        {
            return await completion.Task.WaitAsync(DefaultWait, TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{Name}: {method} was not answered within {DefaultWait.TotalSeconds:0} s.");
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Gone already.
        }

        await _receiving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _socket.Dispose();
        _stop.Dispose();
        _arrived.Dispose();
        _sendLock.Dispose();
    }

    private static string Describe(IReadOnlyList<HubEvent> events) =>
        events.Count == 0 ? "nothing" : string.Join("; ", events.Select(e => $"{e.Target}({Shorten(e.Argument.ToString())})"));

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (await ReceiveRecordAsync(_stop.Token) is { } record)
            {
                using var document = JsonDocument.Parse(record);
                var root = document.RootElement;
                switch (root.GetProperty("type").GetInt32())
                {
                    case 1 when root.TryGetProperty("target", out var target):
                        var arguments = root.GetProperty("arguments");
                        var argument = arguments.GetArrayLength() > 0 ? arguments[0].Clone() : default;
                        lock (_lock)
                        {
                            _events.Add(new HubEvent(target.GetString()!, argument));
                        }

                        _arrived.Release();
                        break;
                    case 3 when root.TryGetProperty("invocationId", out var id) && _invocations.TryRemove(id.GetString()!, out var completion):
                        if (root.TryGetProperty("error", out var error))
                        {
                            completion.TrySetException(new InvalidOperationException($"hub error: {error}"));
                        }
                        else
                        {
                            completion.TrySetResult(root.TryGetProperty("result", out var result) ? result.Clone() : default);
                        }

                        break;
                    case 7:
                        ClosedWith = root.TryGetProperty("error", out var reason) ? reason.ToString() : "close";
                        _arrived.Release();
                        return;
                }
            }

            ClosedWith ??= "socket closed";
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            ClosedWith ??= ex.GetType().Name;
        }
        finally
        {
            _arrived.Release();
        }
    }

    /// <summary>The next record (without its separator), or null when the socket closed.</summary>
    private async Task<string?> ReceiveRecordAsync(CancellationToken ct)
    {
        var buffer = new byte[8192];
        while (true)
        {
            var written = _pending.WrittenSpan;
            var separator = written.IndexOf(RecordSeparator);
            if (separator >= 0)
            {
                var record = Encoding.UTF8.GetString(written[..separator]);
                var rest = written[(separator + 1)..].ToArray();
                _pending.ResetWrittenCount();
                _pending.Write(rest);
                return record;
            }

            var result = await _socket.ReceiveAsync(buffer, ct);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            _pending.Write(buffer.AsSpan(0, result.Count));
        }
    }

    private async Task SendRecordAsync(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json + '\u001e');
        await _sendLock.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, TestContext.Current.CancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }
}

/// <summary>One invocation the server sent: the client method (<c>alarmRaised</c>…) and its first argument.</summary>
public sealed record HubEvent(string Target, JsonElement Argument);
