using System.Runtime.InteropServices;
using Dapper;
using Microsoft.Extensions.Options;
using Monitoring.Hub.Database;
using Npgsql;

namespace Monitoring.Hub.Ingestion;

/// <summary>
/// Each device's last contact and last reported status (<c>device_status</c>), gathered in memory
/// and written as one upsert per flush, never one UPDATE per reading. Last-seen is flushed every
/// <see cref="IngestionOptions.StatusFlushInterval"/>; a status message is flushed within a few
/// milliseconds and acknowledged once written (acknowledgements leave in arrival order, so a
/// status message waiting long would hold back everyone's).
/// </summary>
public sealed partial class DeviceStatusStore : BackgroundService
{
    private static readonly TimeSpan StatusLinger = TimeSpan.FromMilliseconds(20);

    private readonly NpgsqlDataSource _dataSource;
    private readonly SchemaState _schema;
    private readonly IngestionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DeviceStatusStore> _logger;
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _statusArrived = new(0);
    private Dictionary<string, Change> _pending = new(StringComparer.Ordinal);
    private List<IngestMessage> _pendingAcks = [];

    public DeviceStatusStore(NpgsqlDataSource dataSource, SchemaState schema, IOptions<IngestionOptions> options, TimeProvider time, ILogger<DeviceStatusStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _dataSource = dataSource;
        _schema = schema;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>A message arrived from the device (not acknowledgement-bound: last-seen is a convenience, not data).</summary>
    public void Seen(string deviceId, DateTimeOffset at)
    {
        lock (_lock)
        {
            Pend(deviceId, new Change(at, null, null));
        }
    }

    /// <summary>The device reported <c>online</c>/<c>offline</c>; <paramref name="message"/> is acknowledged once it is stored.</summary>
    public void Status(IngestMessage message, string deviceId, string status, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.AddPart();
        lock (_lock)
        {
            // A retained status is replayed by the broker: it tells the status, not that the device is in contact now.
            var change = new Change(message.Retained ? null : at, status, at);
            Pend(deviceId, change);
            _pendingAcks.Add(message);
        }

        _statusArrived.Release();
    }

    public async Task<DeviceStatusRow?> GetAsync(string deviceId, CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<DeviceStatusRow>(new CommandDefinition(
            """
            SELECT device_id AS DeviceId, last_seen_at AS LastSeenAt, last_status AS LastStatus, status_at AS StatusAt
            FROM device_status WHERE device_id = @deviceId
            """, new { deviceId }, cancellationToken: ct));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        try
        {
            while (true)
            {
                if (await _statusArrived.WaitAsync(_options.StatusFlushInterval, stoppingToken))
                {
                    await Task.Delay(StatusLinger, _time, stoppingToken);
                    while (_statusArrived.CurrentCount > 0)
                    {
                        await _statusArrived.WaitAsync(stoppingToken);
                    }
                }

                Dictionary<string, Change> changes;
                List<IngestMessage> acks;
                lock (_lock)
                {
                    if (_pending.Count == 0)
                    {
                        continue;
                    }

                    (changes, _pending) = (_pending, new Dictionary<string, Change>(StringComparer.Ordinal));
                    (acks, _pendingAcks) = (_pendingAcks, []);
                }

                try
                {
                    await SaveAsync(changes, stoppingToken);
                    failures = 0;
                    foreach (var message in acks)
                    {
                        message.CompletePart();
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // PostgreSQL away, or a bug: keep the changes (status messages stay unacknowledged) and
                    // try again; never let the host stop over it.
                    lock (_lock)
                    {
                        foreach (var (device, change) in changes)
                        {
                            _pending[device] = Merge(change, _pending.GetValueOrDefault(device));
                        }

                        _pendingAcks.InsertRange(0, acks);
                    }

                    if (failures++ % 20 == 0)
                    {
                        LogSaveFailed(_logger, changes.Count, ex.Message);
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 100 * failures)), _time, stoppingToken);
                    _statusArrived.Release();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Unsaved status messages were never acknowledged: the broker redelivers them.
        }
    }

    private async Task SaveAsync(Dictionary<string, Change> changes, CancellationToken ct)
    {
        if (!_schema.IsReady)
        {
            throw new InvalidOperationException("the database schema is not migrated yet");
        }

        var rows = changes.ToList();
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO device_status AS s (device_id, last_seen_at, last_status, status_at)
            SELECT * FROM unnest(@ids::text[], @seen::timestamptz[], @status::text[], @statusAt::timestamptz[])
            ON CONFLICT (device_id) DO UPDATE SET
                last_seen_at = GREATEST(s.last_seen_at, EXCLUDED.last_seen_at),
                last_status = CASE WHEN EXCLUDED.status_at IS NOT NULL AND (s.status_at IS NULL OR EXCLUDED.status_at >= s.status_at)
                                   THEN EXCLUDED.last_status ELSE s.last_status END,
                status_at = GREATEST(s.status_at, EXCLUDED.status_at)
            """,
            new
            {
                ids = rows.Select(r => r.Key).ToArray(),
                // DateTimeOffset, not DateTime: Npgsql refuses a DateTime?[] whose nulls and UTC values differ in Kind.
                seen = rows.Select(r => r.Value.SeenAt?.ToUniversalTime()).ToArray(),
                status = rows.Select(r => r.Value.Status).ToArray(),
                statusAt = rows.Select(r => r.Value.StatusAt?.ToUniversalTime()).ToArray(),
            }, commandTimeout: 30, cancellationToken: ct));
    }

    /// <summary>Merges a newer change into the device's pending one, in place (every message of every device passes here). Under the lock.</summary>
    private void Pend(string deviceId, Change change)
    {
        ref var pending = ref CollectionsMarshal.GetValueRefOrAddDefault(_pending, deviceId, out _);
        pending = Merge(pending, change);
    }

    /// <summary>Two changes of one device as one (<c>default</c>: no change).</summary>
    private static Change Merge(Change older, Change newer)
    {
        var seen = (older.SeenAt, newer.SeenAt) switch
        {
            (null, var n) => n,
            (var o, null) => o,
            var (o, n) => o > n ? o : n,
        };
        return newer.Status is null
            ? older with { SeenAt = seen }
            : newer with { SeenAt = seen };
    }

    private readonly record struct Change(DateTimeOffset? SeenAt, string? Status, DateTimeOffset? StatusAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not store the status of {Count} devices (retrying; status messages stay unacknowledged): {Error}")]
    private static partial void LogSaveFailed(ILogger logger, int count, string error);
}

/// <summary>A row of <c>device_status</c>.</summary>
public sealed record DeviceStatusRow(string DeviceId, DateTime? LastSeenAt, string? LastStatus, DateTime? StatusAt);
