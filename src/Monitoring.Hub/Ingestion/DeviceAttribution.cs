using System.Collections.Concurrent;
using System.Threading.Channels;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Monitoring.Hub.Ingestion;

/// <summary>
/// Device → patient at a time, from the registry's <c>device_assignments</c>, cached in memory.
/// The whole table is loaded at start and every <see cref="IngestionOptions.AssignmentRefreshInterval"/>;
/// a device the registry reports changed (<see cref="IAssignmentChanges"/>) is reloaded at once.
/// A device the cache does not know, or a reading no cached period covers, looks the device up
/// again, but through a rate limit and with misses remembered for
/// <see cref="IngestionOptions.AssignmentMissRefreshInterval"/>, so a flood of readings from unknown
/// device ids costs PostgreSQL a bounded handful of indexed queries per second.
/// </summary>
public sealed partial class DeviceAttribution : BackgroundService, IAssignmentChanges
{
    private const int MaxRemembered = 100_000;
    private const string SelectAll =
        """
        SELECT d.id AS DeviceId, a.patient_id AS PatientId, p.clinic_id AS ClinicId, a.from_at AS FromAt, a.to_at AS ToAt
        FROM devices d
        LEFT JOIN device_assignments a ON a.device_id = d.id
        LEFT JOIN patients p ON p.id = a.patient_id
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly IngestionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DeviceAttribution> _logger;
    private readonly TokenBucket _lookups;
    private readonly Channel<string> _changed = Channel.CreateBounded<string>(new BoundedChannelOptions(10_000)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    private volatile ConcurrentDictionary<string, DeviceHistory> _devices = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _unknown = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _firstLoad = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, long> _changedAt = new(StringComparer.Ordinal);
    private volatile bool _fullReloadRequested;
    private long _changeSequence;

    public DeviceAttribution(NpgsqlDataSource dataSource, IOptions<IngestionOptions> options, TimeProvider time, ILogger<DeviceAttribution> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _dataSource = dataSource;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _lookups = new TokenBucket(ratePerSecond: 20, burst: 50, time);
    }

    /// <summary>Completes once the first full load has succeeded.</summary>
    public Task Loaded => _firstLoad.Task;

    public int DeviceCount => _devices.Count;

    public void DeviceChanged(string deviceId)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        // Forget it now, so the next reading looks it up afresh instead of using what was cached, and
        // stamp the change so a load that started before it cannot put the old facts back.
        _changedAt[deviceId] = Interlocked.Increment(ref _changeSequence);
        _devices.TryRemove(deviceId, out _);
        _unknown.TryRemove(deviceId, out _);
        _changed.Writer.TryWrite(deviceId);
    }

    /// <summary>Reload everything soon (e.g. after bulk changes).</summary>
    public void RequestFullReload()
    {
        _fullReloadRequested = true;
        _changed.Writer.TryWrite("");
    }

    /// <summary>The device and its history, or null when the registry does not know it.</summary>
    public async ValueTask<DeviceHistory?> GetAsync(string deviceId, CancellationToken ct)
    {
        if (_devices.TryGetValue(deviceId, out var known))
        {
            return known;
        }

        if (_unknown.TryGetValue(deviceId, out var missedAt) && _time.GetElapsedTime(missedAt) < _options.AssignmentMissRefreshInterval)
        {
            return null;
        }

        return await LookUpAsync(deviceId, ct);
    }

    /// <summary>
    /// Called when no cached period covers a reading: looks the device up again if its entry is
    /// older than the miss interval and the rate limit allows; otherwise returns what is cached.
    /// </summary>
    public async ValueTask<DeviceHistory> RecheckAsync(DeviceHistory cached, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cached);
        if (_time.GetElapsedTime(cached.LoadedAt) < _options.AssignmentMissRefreshInterval)
        {
            return cached;
        }

        return await LookUpAsync(cached.DeviceId, ct) ?? cached;
    }

    private async ValueTask<DeviceHistory?> LookUpAsync(string deviceId, CancellationToken ct)
    {
        if (!_lookups.TryTake())
        {
            return _devices.GetValueOrDefault(deviceId);
        }

        try
        {
            var found = await LoadDeviceAsync(deviceId, ct);
            if (found is null)
            {
                if (_unknown.Count >= MaxRemembered)
                {
                    _unknown.Clear();
                }

                _unknown[deviceId] = _time.GetTimestamp();
            }

            return found;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            LogLookupFailed(_logger, deviceId, ex.Message);
            return _devices.GetValueOrDefault(deviceId);
        }
    }

    private async Task<DeviceHistory?> LoadDeviceAsync(string deviceId, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var started = Volatile.Read(ref _changeSequence);
            await using var connection = await _dataSource.OpenConnectionAsync(ct);
            var rows = await connection.QueryAsync<Row>(new CommandDefinition(
                SelectAll + " WHERE d.id = @deviceId", new { deviceId }, commandTimeout: 5, cancellationToken: ct));
            var device = Build(rows).GetValueOrDefault(deviceId);
            if (ChangedSince(deviceId, started) && attempt < 3)
            {
                continue; // the registry changed it while we read: read again
            }

            if (device is null)
            {
                _devices.TryRemove(deviceId, out _);
                return null;
            }

            _devices[deviceId] = device;
            _unknown.TryRemove(deviceId, out _);
            return device;
        }
    }

    private bool ChangedSince(string deviceId, long sequence) => _changedAt.TryGetValue(deviceId, out var at) && at > sequence;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lastFull = long.MinValue;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (lastFull == long.MinValue || _fullReloadRequested || _time.GetElapsedTime(lastFull) >= _options.AssignmentRefreshInterval)
                {
                    _fullReloadRequested = false;
                    await LoadAllAsync(stoppingToken);
                    lastFull = _time.GetTimestamp();
                    failures = 0;
                }

                while (_changed.Reader.TryRead(out var deviceId))
                {
                    if (deviceId.Length > 0)
                    {
                        await LoadDeviceAsync(deviceId, stoppingToken);
                    }
                }

                var untilNext = _options.AssignmentRefreshInterval - _time.GetElapsedTime(lastFull);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                wait.CancelAfter(untilNext > TimeSpan.Zero ? untilNext : TimeSpan.Zero);
                try
                {
                    await _changed.Reader.WaitToReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // Time for the periodic reload.
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // PostgreSQL unreachable, the registry schema not there yet, or a bug: keep the cache, retry.
                if (failures++ % 10 == 0)
                {
                    LogReloadFailed(_logger, ex.Message);
                }

                await Task.Delay(TimeSpan.FromSeconds(Math.Min(5, failures)), _time, stoppingToken)
                    .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task LoadAllAsync(CancellationToken ct)
    {
        var started = Volatile.Read(ref _changeSequence);
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(SelectAll, commandTimeout: 30, cancellationToken: ct));
        var devices = Build(rows);
        foreach (var changed in _changedAt.Where(c => c.Value > started))
        {
            // Changed while the snapshot was read: leave it to be looked up afresh.
            devices.Remove(changed.Key);
        }

        _devices = new ConcurrentDictionary<string, DeviceHistory>(devices, StringComparer.Ordinal);
        foreach (var id in devices.Keys)
        {
            _unknown.TryRemove(id, out _);
        }

        if (_firstLoad.TrySetResult())
        {
            LogLoaded(_logger, devices.Count);
        }
    }

    private Dictionary<string, DeviceHistory> Build(IEnumerable<Row> rows)
    {
        var loadedAt = _time.GetTimestamp();
        return rows
            .GroupBy(r => r.DeviceId, StringComparer.Ordinal)
            .Select(g => new DeviceHistory(
                // The previous snapshot's instance, also as the key (each load reads every id afresh):
                // readings carry it into the alarm engine's memory (rule states, silence watch), where
                // one string per device is enough.
                _devices.TryGetValue(g.Key, out var previous) ? previous.DeviceId : g.Key,
                // An array of the exact length (a device has one period, or a few): not a List with room for four.
                g.Where(r => r.PatientId is not null && r.ClinicId is not null && r.FromAt is not null)
                    .OrderBy(r => r.FromAt)
                    .Select(r => new AssignmentPeriod(r.PatientId!.Value, r.ClinicId!.Value, ToOffset(r.FromAt!.Value), r.ToAt is { } to ? ToOffset(to) : null))
                    .ToArray(),
                loadedAt))
            .ToDictionary(d => d.DeviceId, StringComparer.Ordinal);
    }

    private static DateTimeOffset ToOffset(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private sealed record Row(string DeviceId, Guid? PatientId, Guid? ClinicId, DateTime? FromAt, DateTime? ToAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Device attribution loaded: {Devices} registered devices")]
    private static partial void LogLoaded(ILogger logger, int devices);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not reload device assignments (keeping the cached ones): {Error}")]
    private static partial void LogReloadFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look up device {DeviceId}: {Error}")]
    private static partial void LogLookupFailed(ILogger logger, string deviceId, string error);
}
