using System.Text;
using System.Threading.Channels;
using Dapper;
using Microsoft.Extensions.Options;
using Monitoring.Contracts.Validation;
using Monitoring.Hub.Database;
using Monitoring.Hub.Resilience;
using Npgsql;
using Polly;

namespace Monitoring.Hub.Ingestion;

/// <summary>
/// Counts, logs and durably keeps rejected messages (PostgreSQL <c>ingest_rejected</c>, pruned to
/// the newest <see cref="IngestionOptions.RejectedKeep"/>). A message whose rejection is queued
/// for storage is acknowledged only after the row is committed. Storage is rate-limited per
/// device and never waits: beyond the limit, or when the queue is full, a rejection is counted
/// (metrics and <c>ingest_rejected_counts</c>) and logged but its payload not kept, so a device
/// sending junk as fast as it can neither fills PostgreSQL nor slows anyone else's readings.
/// </summary>
public sealed partial class RejectedStore : BackgroundService
{
    private const int MaxBatch = 500;
    private const int MaxTrackedDevices = 10_000;
    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LogEvery = TimeSpan.FromSeconds(10);

    private readonly NpgsqlDataSource _dataSource;
    private readonly SchemaState _schema;
    private readonly IngestionOptions _options;
    private readonly IngestionMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<RejectedStore> _logger;
    private readonly Channel<(RejectedEntry Entry, IngestMessage? Message)> _queue;
    private readonly ResiliencePipeline _saveRetries;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, DeviceLimiter> _devices = new(StringComparer.Ordinal);
    private readonly long[] _unsavedCounts = new long[RejectionReasons.All.Count];
    private long _insertedSincePrune;
    private int _saving;

    public RejectedStore(
        NpgsqlDataSource dataSource, SchemaState schema, IOptions<IngestionOptions> options, IngestionMetrics metrics, TimeProvider time, ILogger<RejectedStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _dataSource = dataSource;
        _schema = schema;
        _options = options.Value;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _queue = Channel.CreateBounded<(RejectedEntry, IngestMessage?)>(new BoundedChannelOptions(_options.RejectedQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

        // PostgreSQL away, or a bug: the batch is kept (its messages stay unacknowledged) and saved
        // again; never let the host stop over it.
        _saveRetries = Retries.Forever(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), time, _ => true, (ex, attempt) =>
        {
            if (attempt % 20 == 0)
            {
                LogSaveFailed(_logger, _saving, ex.Message);
            }
        });
    }

    /// <summary>
    /// Rejects a whole message (<paramref name="records"/> = 0) or some of its records. When the
    /// entry is queued for storage, <paramref name="message"/> gets a durable part that completes
    /// when the row is committed.
    /// </summary>
    public void Reject(IngestMessage message, RejectionReason reason, string detail, int records)
    {
        ArgumentNullException.ThrowIfNull(message);
        Reject(message, message.Topic, message.DeviceId, message.ReceivedAt, message.Payload.Span, reason, detail, records);
    }

    /// <summary>Rejects one line InfluxDB refused; the line is kept as the payload.</summary>
    public void RejectLine(IngestMessage message, ReadOnlySpan<byte> line, string detail)
    {
        ArgumentNullException.ThrowIfNull(message);
        Reject(message, message.Topic, message.DeviceId, message.ReceivedAt, line.TrimEnd((byte)'\n'), RejectionReason.StoreRejected, detail, 1);
    }

    private void Reject(
        IngestMessage? message, string topic, string? deviceId, DateTimeOffset receivedAt, ReadOnlySpan<byte> payload, RejectionReason reason, string detail, int records)
    {
        _metrics.Rejected(reason, Math.Max(records, 1));
        bool store;
        bool log;
        long suppressed;
        lock (_lock)
        {
            _unsavedCounts[(int)reason] += Math.Max(records, 1);
            var limiter = Limiter(deviceId ?? "");
            store = limiter.Bucket.TryTake();
            (log, suppressed) = limiter.ShouldLog(_time);
        }

        if (log)
        {
            LogRejected(_logger, deviceId ?? "(none)", topic, reason.Code(), Math.Max(records, 1), detail, suppressed);
        }

        if (!store)
        {
            return;
        }

        var (text, truncated) = PayloadText(payload, _options.RejectedPayloadBytes);
        var entry = new RejectedEntry(receivedAt, topic, deviceId, reason, Truncate(detail, 1000), records, text, truncated);
        message?.AddPart();
        if (!_queue.Writer.TryWrite((entry, message)))
        {
            message?.CompletePart();
            if (log)
            {
                LogQueueFull(_logger, deviceId ?? "(none)", reason.Code());
            }
        }
    }

    public async Task<IReadOnlyList<RejectedMessageResponse>> ListAsync(int limit, CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<StoredRow>(new CommandDefinition(
            """
            SELECT received_at AS ReceivedAt, topic AS Topic, reason AS Reason, payload AS Payload, device_id AS DeviceId,
                   detail AS Detail, records AS Records, payload_truncated AS PayloadTruncated
            FROM ingest_rejected ORDER BY id DESC LIMIT @limit
            """, new { limit }, cancellationToken: ct));
        return [.. rows.Select(r => new RejectedMessageResponse(
            new DateTimeOffset(DateTime.SpecifyKind(r.ReceivedAt, DateTimeKind.Utc)), r.Topic, r.Reason, r.Payload, r.DeviceId, r.Detail, r.Records, r.PayloadTruncated))];
    }

    public async Task<IReadOnlyDictionary<string, long>> CountsAsync(CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(string Reason, long Count)>(new CommandDefinition(
            "SELECT reason, count FROM ingest_rejected_counts ORDER BY reason", cancellationToken: ct));
        var counts = rows.ToDictionary(r => r.Reason, r => r.Count, StringComparer.Ordinal);
        lock (_lock)
        {
            for (var i = 0; i < _unsavedCounts.Length; i++)
            {
                if (_unsavedCounts[i] > 0)
                {
                    var code = RejectionReasons.All[i].Code();
                    counts[code] = counts.GetValueOrDefault(code) + _unsavedCounts[i];
                }
            }
        }

        return counts;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<(RejectedEntry Entry, IngestMessage? Message)>(MaxBatch);
        try
        {
            while (true)
            {
                if (batch.Count == 0)
                {
                    await WaitForWorkAsync(stoppingToken);
                    while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
                    {
                        batch.Add(item);
                    }
                }

                _saving = batch.Count;
                await _saveRetries.ExecuteAsync(async ct => await SaveAsync(batch, ct), stoppingToken);

                foreach (var (_, message) in batch)
                {
                    message?.CompletePart();
                }

                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Unsaved entries belong to unacknowledged messages: the broker redelivers them.
        }
    }

    private async Task WaitForWorkAsync(CancellationToken ct)
    {
        // Wake for queued entries, and at least every few seconds to save counts of unstored rejections.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            if (await _queue.Reader.WaitToReadAsync(timeout.Token))
            {
                await Task.Delay(Linger, _time, ct);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Nothing queued: a pass that saves counts only.
        }
    }

    private async Task SaveAsync(List<(RejectedEntry Entry, IngestMessage? Message)> batch, CancellationToken ct)
    {
        if (!_schema.IsReady)
        {
            throw new InvalidOperationException("the database schema is not migrated yet");
        }

        long[] counts;
        lock (_lock)
        {
            counts = (long[])_unsavedCounts.Clone();
            Array.Clear(_unsavedCounts);
        }

        try
        {
            if (batch.Count == 0 && counts.All(c => c == 0))
            {
                return;
            }

            var now = _time.GetUtcNow();
            await using var connection = await _dataSource.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            if (batch.Count > 0)
            {
                var entries = batch.Select(b => b.Entry).ToList();
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO ingest_rejected (received_at, topic, device_id, reason, detail, records, payload, payload_truncated)
                    SELECT * FROM unnest(@receivedAt::timestamptz[], @topic::text[], @deviceId::text[], @reason::text[], @detail::text[],
                                         @records::integer[], @payload::text[], @truncated::boolean[])
                    """,
                    new
                    {
                        receivedAt = entries.Select(e => e.ReceivedAt.UtcDateTime).ToArray(),
                        topic = entries.Select(e => Clean(e.Topic)).ToArray(),
                        deviceId = entries.Select(e => e.DeviceId).ToArray(),
                        reason = entries.Select(e => e.Reason.Code()).ToArray(),
                        detail = entries.Select(e => Clean(e.Detail)).ToArray(),
                        records = entries.Select(e => e.Records).ToArray(),
                        payload = entries.Select(e => e.Payload).ToArray(),
                        truncated = entries.Select(e => e.PayloadTruncated).ToArray(),
                    }, transaction, cancellationToken: ct));
            }

            var reasons = Enumerable.Range(0, counts.Length).Where(i => counts[i] > 0).ToArray();
            if (reasons.Length > 0)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO ingest_rejected_counts (reason, count, last_at)
                    SELECT r, c, @now FROM unnest(@reasons::text[], @counts::bigint[]) AS t (r, c)
                    ON CONFLICT (reason) DO UPDATE SET count = ingest_rejected_counts.count + EXCLUDED.count, last_at = EXCLUDED.last_at
                    """,
                    new
                    {
                        reasons = reasons.Select(i => RejectionReasons.All[i].Code()).ToArray(),
                        counts = reasons.Select(i => counts[i]).ToArray(),
                        now = now.UtcDateTime,
                    }, transaction, cancellationToken: ct));
            }

            _insertedSincePrune += batch.Count;
            if (_insertedSincePrune >= Math.Max(100, _options.RejectedKeep / 10))
            {
                // Keep the newest N: one indexed probe for the cut-off id, then a range delete.
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    DELETE FROM ingest_rejected
                    WHERE id <= (SELECT id FROM ingest_rejected ORDER BY id DESC OFFSET @keep LIMIT 1)
                    """, new { keep = _options.RejectedKeep }, transaction, cancellationToken: ct));
                _insertedSincePrune = 0;
            }

            await transaction.CommitAsync(ct);
            counts = [];
        }
        finally
        {
            if (counts.Length > 0)
            {
                lock (_lock)
                {
                    for (var i = 0; i < counts.Length; i++)
                    {
                        _unsavedCounts[i] += counts[i];
                    }
                }
            }
        }
    }

    private DeviceLimiter Limiter(string deviceId)
    {
        if (!_devices.TryGetValue(deviceId, out var limiter))
        {
            if (_devices.Count >= MaxTrackedDevices)
            {
                // Junk from ever-new device ids: start over rather than grow without bound.
                _devices.Clear();
            }

            limiter = new DeviceLimiter(new TokenBucket(_options.RejectedStoreRatePerDevice, Math.Max(1, _options.RejectedStoreRatePerDevice * 10), _time));
            _devices[deviceId] = limiter;
        }

        return limiter;
    }

    /// <summary>The first <paramref name="maxBytes"/> bytes as text; PostgreSQL text cannot hold NUL.</summary>
    internal static (string Text, bool Truncated) PayloadText(ReadOnlySpan<byte> payload, int maxBytes)
    {
        var truncated = payload.Length > maxBytes;
        var text = Encoding.UTF8.GetString(truncated ? payload[..maxBytes] : payload);
        return (Clean(text), truncated);
    }

    private static string Clean(string text) => text.Contains('\0', StringComparison.Ordinal) ? text.Replace('\0', '\uFFFD') : text;

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    private sealed record StoredRow(
        DateTime ReceivedAt, string Topic, string Reason, string Payload, string? DeviceId, string Detail, int Records, bool PayloadTruncated);

    /// <summary>Per device: how many rejections may be stored, and a log line at most every <see cref="LogEvery"/>.</summary>
    private sealed class DeviceLimiter(TokenBucket bucket)
    {
        private long _lastLog = long.MinValue;
        private long _suppressed;

        public TokenBucket Bucket { get; } = bucket;

        public (bool Log, long Suppressed) ShouldLog(TimeProvider time)
        {
            if (_lastLog != long.MinValue && time.GetElapsedTime(_lastLog) < LogEvery)
            {
                _suppressed++;
                return (false, 0);
            }

            _lastLog = time.GetTimestamp();
            var suppressed = _suppressed;
            _suppressed = 0;
            return (true, suppressed);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Rejected from device {DeviceId} on {Topic}: {Reason} ({Records} record(s)): {Detail} [{Suppressed} more rejections from this device not logged]")]
    private static partial void LogRejected(ILogger logger, string deviceId, string topic, string reason, int records, string detail, long suppressed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected-message queue full: a {Reason} rejection from device {DeviceId} is counted but its payload not kept")]
    private static partial void LogQueueFull(ILogger logger, string deviceId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not store {Count} rejected messages (they stay unacknowledged; retrying): {Error}")]
    private static partial void LogSaveFailed(ILogger logger, int count, string error);
}
