using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Monitoring.Hub.Redis;

/// <summary>
/// Opens the SignalR backplane's Redis connection (SignalR asks for it once, through its
/// <c>ConnectionFactory</c>) and keeps it, so readiness can report it, its losses are logged and the
/// realtime peers (<see cref="RedisRealtimePeers"/>) publish on it too.
/// </summary>
internal sealed partial class RedisBackplane(IOptions<RedisOptions> options, ILogger<RedisBackplane> logger)
{
    private readonly TaskCompletionSource<IConnectionMultiplexer> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile IConnectionMultiplexer? _connection;

    public IConnectionMultiplexer? Connection => _connection;

    /// <summary>The connection, once SignalR has opened it (the realtime peers share it).</summary>
    public Task<IConnectionMultiplexer> ConnectedAsync => _connected.Task;

    /// <summary>Why the connection last failed (StackExchange.Redis's reason, no password), for readiness.</summary>
    public string? LastFailure { get; private set; }

    public string Endpoints => RedisConnection.Describe(RedisConnection.Parse(options.Value.Configuration));

    public RedisChannel ChannelPrefix => RedisChannel.Literal($"{options.Value.ChannelPrefix}:signalr:");

    public async Task<IConnectionMultiplexer> ConnectAsync(TextWriter log)
    {
        var configuration = RedisConnection.Parse(options.Value.Configuration);
        configuration.ChannelPrefix = ChannelPrefix;
        var connection = await ConnectionMultiplexer.ConnectAsync(configuration, log);
        connection.ConnectionFailed += (_, e) =>
        {
            LastFailure = $"{e.FailureType}: {e.Exception?.Message}";
            LogConnectionFailed(logger, e.EndPoint?.ToString() ?? "?", e.FailureType, e.Exception?.Message ?? "");
        };
        connection.ConnectionRestored += (_, e) => LogConnectionRestored(logger, e.EndPoint?.ToString() ?? "?");
        _connection = connection;
        _connected.TrySetResult(connection);
        LogConnected(logger, RedisConnection.Describe(configuration), options.Value.ChannelPrefix, connection.IsConnected);
        return connection;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SignalR backplane: Redis {Endpoints}, channel prefix {ChannelPrefix} (connected: {Connected})")]
    private static partial void LogConnected(ILogger logger, string endpoints, string channelPrefix, bool connected);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SignalR backplane: lost Redis {Endpoint} ({FailureType}): dashboards on this hub miss other hubs' events until it is back: {Reason}")]
    private static partial void LogConnectionFailed(ILogger logger, string endpoint, ConnectionFailureType failureType, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "SignalR backplane: Redis {Endpoint} is back")]
    private static partial void LogConnectionRestored(ILogger logger, string endpoint);
}
