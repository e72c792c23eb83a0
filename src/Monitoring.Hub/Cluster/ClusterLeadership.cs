using Microsoft.Extensions.Options;
using Monitoring.Hub.Database;
using Monitoring.Hub.Storage;
using Npgsql;

namespace Monitoring.Hub.Cluster;

/// <summary>
/// Leader election on PostgreSQL: the leader is the hub whose dedicated, unpooled connection holds
/// the session-level advisory lock <see cref="LockKey"/>. Followers try <c>pg_try_advisory_lock</c>
/// every <see cref="ClusterOptions.LeasePollInterval"/>; when the leader's process or connection
/// dies, PostgreSQL releases the lock and the next try succeeds. Everyone writes its heartbeat to
/// <c>cluster_members</c>, where followers also find the leader's URL.
/// </summary>
/// <remarks>
/// Crash-only: a leader whose lease connection fails cannot know whether another hub has taken the
/// lock meanwhile, so it stops the whole process (<see cref="IHostApplicationLifetime.StopApplication"/>)
/// rather than run a second alarm engine; its supervisor starts it again, as a follower.
/// </remarks>
public sealed partial class ClusterLeadership : BackgroundService, ILeadershipGate
{
    /// <summary>Advisory locks are per database; one key for "the alarm engine of this deployment".</summary>
    public const long LockKey = 0x52504D_414C524D; // "RPM" "ALRM"

    private readonly ClusterOptions _options;
    private readonly string _connectionString;
    private readonly SchemaState _schema;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly TimeProvider _time;
    private readonly ILogger<ClusterLeadership> _logger;
    private readonly TaskCompletionSource _leader = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly DateTimeOffset _startedAt;
    private volatile Uri? _leaderUrl;

    public ClusterLeadership(
        IOptions<ClusterOptions> options,
        IOptions<DatabaseOptions> database,
        SchemaState schema,
        IHostApplicationLifetime lifetime,
        TimeProvider time,
        ILogger<ClusterLeadership> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(database);
        _options = options.Value;
        // Unpooled: the lock lives as long as this one session, and a pooled connection "closed"
        // into the pool would keep it (or lose it) behind our back.
        _connectionString = new NpgsqlConnectionStringBuilder(database.Value.ConnectionString)
        {
            Pooling = false,
            ApplicationName = $"monitoring-hub-lease-{_options.HubId}",
            KeepAlive = 5,
        }.ConnectionString;
        _schema = schema;
        _lifetime = lifetime;
        _time = time;
        _logger = logger;
        _startedAt = time.GetUtcNow();
    }

    public bool IsLeader => _leader.Task.IsCompleted;

    public Uri? LeaderUrl => IsLeader ? new Uri(_options.AdvertisedUrl!) : _leaderUrl;

    public Task WaitForLeadershipAsync(CancellationToken cancellationToken) => _leader.Task.WaitAsync(cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        NpgsqlConnection? connection = null;
        try
        {
            while (!_schema.IsReady)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), _time, stoppingToken);
            }

            LogJoined(_logger, _options.HubId, _options.AdvertisedUrl);
            while (true)
            {
                try
                {
                    if (connection is null)
                    {
                        connection = new NpgsqlConnection(_connectionString);
                        await connection.OpenAsync(stoppingToken);
                    }

                    if (IsLeader)
                    {
                        await HeartbeatAsync(connection, leader: true, stoppingToken);
                    }
                    else if (await TryLockAsync(connection, stoppingToken))
                    {
                        await HeartbeatAsync(connection, leader: true, stoppingToken);
                        LogBecameLeader(_logger, _options.HubId);
                        _leader.TrySetResult();
                    }
                    else
                    {
                        await HeartbeatAsync(connection, leader: false, stoppingToken);
                        _leaderUrl = await ReadLeaderAsync(connection, stoppingToken);
                    }
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested && ex is not OutOfMemoryException)
                {
                    if (IsLeader)
                    {
                        // The lock may be gone with the session: another hub may lead by now.
                        LogLeaseLost(_logger, ex, _options.HubId);
                        _lifetime.StopApplication();
                        return;
                    }

                    LogPollFailed(_logger, ex.Message);
                    if (connection is not null)
                    {
                        await connection.DisposeAsync();
                        connection = null;
                    }
                }

                await Task.Delay(_options.LeasePollInterval, _time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: closing the session releases the lock for the next leader.
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private static async Task<bool> TryLockAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
        command.Parameters.AddWithValue("key", LockKey);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    private async Task HeartbeatAsync(NpgsqlConnection connection, bool leader, CancellationToken ct)
    {
        // A new leader also takes the flag from the old one (whose row may still say so).
        const string Sql = """
            INSERT INTO cluster_members (hub_id, advertised_url, is_leader, started_at, heartbeat_at)
            VALUES (@id, @url, @leader, @started, now())
            ON CONFLICT (hub_id) DO UPDATE SET advertised_url = excluded.advertised_url, is_leader = excluded.is_leader,
                started_at = excluded.started_at, heartbeat_at = now();
            UPDATE cluster_members SET is_leader = false WHERE @leader AND hub_id <> @id AND is_leader;
            """;
        await using var command = new NpgsqlCommand(Sql, connection);
        command.Parameters.AddWithValue("id", _options.HubId);
        command.Parameters.AddWithValue("url", _options.AdvertisedUrl ?? "");
        command.Parameters.AddWithValue("leader", leader);
        command.Parameters.AddWithValue("started", _startedAt);
        await command.ExecuteNonQueryAsync(ct);
    }

    private async Task<Uri?> ReadLeaderAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT advertised_url FROM cluster_members WHERE is_leader AND heartbeat_at > now() - @stale ORDER BY heartbeat_at DESC LIMIT 1",
            connection);
        command.Parameters.AddWithValue("stale", _options.LeasePollInterval * 5);
        return await command.ExecuteScalarAsync(ct) is string url && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster: hub {HubId} ({Url}) joined; waiting for the alarm-engine lease")]
    private static partial void LogJoined(ILogger logger, string hubId, string? url);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster: hub {HubId} holds the lease and is the leader: the alarm engine runs here")]
    private static partial void LogBecameLeader(ILogger logger, string hubId);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Cluster: hub {HubId} lost its lease connection; another hub may lead now, so this process stops (its supervisor restarts it as a follower)")]
    private static partial void LogLeaseLost(ILogger logger, Exception exception, string hubId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster: the lease poll failed, retrying: {Reason}")]
    private static partial void LogPollFailed(ILogger logger, string reason);
}
