using System.Net.Sockets;
using System.Security.Authentication;
using Monitoring.Hub.Resilience;
using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Exceptions;

namespace Monitoring.Hub.Broker;

/// <summary>
/// Keeps one MQTTnet client connected, since MQTTnet 5 has no managed client: connects (retried by
/// <see cref="Retries"/>, 200 ms growing to 5 s with jitter, for as long as the host runs), tells its
/// owner (<see cref="Connected"/>: subscribe there, after every connect), waits for the connection to
/// end, tells its owner again (<see cref="Disconnected"/>), and connects again. It reconnects from this
/// loop, never from inside MQTTnet's Disconnected event, which MQTTnet raises while it is still
/// cleaning up the old connection.
/// </summary>
public sealed class BrokerConnection
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(5);

    private readonly IMqttClient _client;
    private readonly MqttClientOptions _options;
    private readonly TimeProvider _time;
    private TaskCompletionSource<MqttClientDisconnectedEventArgs>? _ended;

    public BrokerConnection(IMqttClient client, MqttClientOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _options = options;
        _time = time;
        // A failed connect raises Disconnected too (ClientWasConnected false): only the end of a live connection counts.
        client.DisconnectedAsync += e =>
        {
            if (e.ClientWasConnected)
            {
                Volatile.Read(ref _ended)?.TrySetResult(e);
            }

            return Task.CompletedTask;
        };
    }

    /// <summary>Before each connect attempt (e.g. a fresh acknowledgement sequence: messages arrive before ConnectAsync returns).</summary>
    public Func<CancellationToken, Task>? Connecting { get; init; }

    /// <summary>After each successful connect. A failure here for a lost connection is expected; the loop waits for the end.</summary>
    public required Func<MqttClientConnectResult, CancellationToken, Task> Connected { get; init; }

    /// <summary>After a live connection ended, before the next connect attempt.</summary>
    public Func<MqttClientDisconnectedEventArgs, Task>? Disconnected { get; init; }

    /// <summary>Each failed connect attempt (attempt counted from 0 since the last success).</summary>
    public Action<Exception, int>? Failed { get; init; }

    /// <summary>Connections made after the first (reconnects).</summary>
    public Action? Reconnected { get; init; }

    /// <summary>Runs until <paramref name="ct"/> is cancelled; the caller disconnects afterwards.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var retries = Retries.Forever(FirstRetry, LongestRetry, _time, IsTransient, Failed);
        for (var connections = 0; ; connections++)
        {
            var ended = new TaskCompletionSource<MqttClientDisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _ended, ended);
            var result = await retries.ExecuteAsync(ConnectOnceAsync, ct);
            if (connections > 0)
            {
                Reconnected?.Invoke();
            }

            try
            {
                await Connected(result, ct);
            }
            catch (Exception ex) when (IsTransient(ex) && !ct.IsCancellationRequested)
            {
                // The connection dropped while its owner used it: its end is signalled below.
            }

            var end = await ended.Task.WaitAsync(ct);
            if (Disconnected is { } disconnected)
            {
                await disconnected(end);
            }
        }
    }

    private async ValueTask<MqttClientConnectResult> ConnectOnceAsync(CancellationToken ct)
    {
        if (Connecting is { } connecting)
        {
            await connecting(ct);
        }

        // MQTTnet applies its own timeout only to a token that cannot be cancelled.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            var result = await _client.ConnectAsync(_options, timeout.Token);
            return result.ResultCode == MqttClientConnectResultCode.Success ? result : throw new BrokerRefusedException(result);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"the broker did not accept the connection within {_options.Timeout.TotalSeconds:0.#} s");
        }
    }

    /// <summary>Refused, unreachable, timed out or dropped: worth another attempt (the caller's own cancellation ends the retries).</summary>
    public static bool IsTransient(Exception ex) =>
        ex is BrokerRefusedException or MqttCommunicationException or SocketException or IOException or AuthenticationException
            or TimeoutException or InvalidOperationException or ObjectDisposedException or OperationCanceledException;

    /// <summary>What a failure means for health: the reason, and whether the broker answered and refused (rather than not answering).</summary>
    public static (string Error, bool Refused) Describe(Exception ex) => ex switch
    {
        BrokerRefusedException refused => (refused.Message, true),
        MqttConnectingFailedException { InnerException: BrokerRefusedException refused } => (refused.Message, true),
        _ => (ex.Message, false),
    };
}
