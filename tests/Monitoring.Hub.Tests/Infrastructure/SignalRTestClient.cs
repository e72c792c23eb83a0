using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Hub.Api;
using Monitoring.Hub.Realtime;

namespace Monitoring.Hub.Tests.Infrastructure;

/// <summary>
/// A dashboard's connection to the hub through the SignalR .NET client, recording every event the
/// hub sends, in order, and waiting for them with bounded waits that fail with what did arrive.
/// </summary>
public sealed class SignalRTestClient : IAsyncDisposable
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(30);

    private readonly List<HubEvent> _events = [];
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly HubConnection _connection;

    private SignalRTestClient(HubConnection connection, string name)
    {
        _connection = connection;
        Name = name;

        // Every method of the typed client, under the camelCase name CamelCaseJsonHubProtocol writes
        // (the .NET client matches targets exactly); arguments kept as JSON for the tests to read.
        foreach (var method in typeof(IAlarmClient).GetMethods())
        {
            var target = JsonNamingPolicy.CamelCase.ConvertName(method.Name);
            var parameters = method.GetParameters().Select(_ => typeof(JsonElement)).ToArray();
            connection.On(target, parameters, arguments =>
            {
                lock (_lock)
                {
                    _events.Add(new HubEvent(target, arguments.Length > 0 ? (JsonElement)arguments[0]! : default));
                }

                _arrived.Release();
                return Task.CompletedTask;
            });
        }

        connection.Closed += error =>
        {
            lock (_lock)
            {
                ClosedWith = error?.Message ?? "closed";
            }

            _arrived.Release();
            return Task.CompletedTask;
        };
    }

    /// <summary>A name for failure messages (e.g. the user it connects as).</summary>
    public string Name { get; }

    /// <summary>Set when the connection closed (by the hub, with its reason if it gave one).</summary>
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
        var sockets = factory.Server.CreateWebSocketClient();
        return ConnectAsync(factory.Server.BaseAddress, token, name, path, options =>
            options.WebSocketFactory = async (context, ct) => await sockets.ConnectAsync(context.Uri, ct));
    }

    /// <summary>Connects to a hub listening on a real port.</summary>
    public static Task<SignalRTestClient> ConnectAsync(Uri httpBase, string token, string name, string path = "/hubs/alarms") =>
        ConnectAsync(httpBase, token, name, path, _ => { });

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
            // The close is read before the events: the client raises Closed only after its handlers
            // have taken every message, so events read after seeing the close hold all that came.
            // Read the other way round, the last message and the close could both land in between
            // (a 'sessionEnded' followed at once by the hub's close was reported missing).
            var closedWith = ClosedWith;
            var events = Events;
            var found = events.Skip(skip).FirstOrDefault(e => e.Target == target && (match is null || match(e.Argument)));
            if (found is not null)
            {
                return found.Argument;
            }

            if (closedWith is not null)
            {
                Assert.Fail($"{Name}: the connection closed ({closedWith}) before a '{target}' arrived; received: {Describe(events)}");
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
        try
        {
            return await _connection.InvokeCoreAsync<JsonElement>(method, arguments, TestContext.Current.CancellationToken)
                .WaitAsync(DefaultWait, TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{Name}: {method} was not answered within {DefaultWait.TotalSeconds:0} s.");
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        _arrived.Dispose();
    }

    private static async Task<SignalRTestClient> ConnectAsync(
        Uri httpBase, string token, string name, string path, Action<HttpConnectionOptions> transport)
    {
        ArgumentNullException.ThrowIfNull(httpBase);

        // The contract's way for a dashboard: WebSockets, the token as the access_token query parameter.
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(httpBase, $"{path}?access_token={Uri.EscapeDataString(token)}"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                transport(options);
            })
            .AddJsonProtocol(options => ApiJson.Configure(options.PayloadSerializerOptions))
            .Build();
        var client = new SignalRTestClient(connection, name);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(DefaultWait);
        try
        {
            await connection.StartAsync(timeout.Token);
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }

        return client;
    }

    private static string Describe(IReadOnlyList<HubEvent> events) =>
        events.Count == 0 ? "nothing" : string.Join("; ", events.Select(e => $"{e.Target}({Shorten(e.Argument.ToString())})"));

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
