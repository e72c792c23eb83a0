using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Monitoring.Domain.Alarms;
using Monitoring.Hub.Alarms.Events;
using Monitoring.Hub.Alarms.Storage;
using Monitoring.Hub.Cluster;
using Monitoring.Hub.Database;
using Monitoring.Hub.Ingestion;
using Monitoring.Hub.Thresholds;
using Npgsql;

namespace Monitoring.Hub.Alarms.Engine;

/// <summary>
/// The alarm engine of this hub, behind <see cref="IAlarmEngine"/>: the one service that owns
/// alarms. Readings, clinicians' acknowledgements and resolutions, reminder decisions and the
/// ticker's time-driven work are routed by patient to one of <see cref="AlarmsOptions.Partitions"/>
/// partitions (<see cref="AlarmPartition"/>), each with its own bounded queue and loop. A patient
/// always goes to the same partition, so the patient's readings are evaluated in the order they
/// arrived and nothing else changes the patient's alarms in between: per-patient order is all the
/// rules need, and patients are evaluated in parallel.
/// </summary>
/// <remarks>
/// At start (and, in a cluster, on becoming the leader) the open alarms are read once, shared out
/// to the partitions and published (<see cref="AlarmsLoaded"/>); then every partition runs.
/// </remarks>
public sealed partial class AlarmWorker : BackgroundService, IAlarmEngine
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    private readonly AlarmStore _store;
    private readonly AlarmEventStream _events;
    private readonly SchemaState _schema;
    private readonly TimeProvider _time;
    private readonly ILogger<AlarmWorker> _logger;
    private readonly ILeadershipGate _leadership;
    private readonly AlarmPartition[] _partitions;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _startFailingSinceTicks;
    private volatile bool _stopped;

    public AlarmWorker(
        AlarmStore store,
        ThresholdStore thresholds,
        AlarmEventStream events,
        SchemaState schema,
        TimeProvider time,
        AlarmMetrics metrics,
        IOptions<AlarmsOptions> options,
        ILeadershipGate leadership,
        ILogger<AlarmWorker> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        _store = store;
        _events = events;
        _schema = schema;
        _time = time;
        _logger = logger;
        _leadership = leadership;
        var settings = options.Value;
        var count = settings.Partitions > 0 ? settings.Partitions : Math.Clamp(Environment.ProcessorCount, 1, 8);
        var capacity = Math.Max(16, settings.QueueCapacity / count);
        _partitions = [.. Enumerable.Range(0, count).Select(index =>
            new AlarmPartition(index, count, capacity, store, thresholds, events, time, metrics, settings, logger))];
        metrics.ObserveQueue(() => QueueLength);
    }

    /// <summary>Completes once open alarms are loaded and the silence watch is restored.</summary>
    public Task Ready => _ready.Task;

    /// <summary>When the silence watch may next find a silent device (the ticker wakes then at the latest).</summary>
    public DateTimeOffset? NextSilenceCheckAt
    {
        get
        {
            DateTimeOffset? first = null;
            foreach (var partition in _partitions)
            {
                if (partition.NextSilenceCheckAt is { } next && (first is null || next < first))
                {
                    first = next;
                }
            }

            return first;
        }
    }

    /// <summary>Since when storing has been failing (UTC ticks, the earliest of any partition), 0 while it works: for the health check.</summary>
    internal long FailingSinceTicks
    {
        get
        {
            var since = Interlocked.Read(ref _startFailingSinceTicks);
            foreach (var partition in _partitions)
            {
                var failing = partition.FailingSinceTicks;
                if (failing != 0 && (since == 0 || failing < since))
                {
                    since = failing;
                }
            }

            return since;
        }
    }

    internal bool Stopped => _stopped || _partitions.Any(p => p.Stopped);

    /// <summary>Messages and commands waiting, all partitions.</summary>
    internal int QueueLength => _partitions.Sum(p => p.QueueLength);

    internal int PartitionCount => _partitions.Length;

    /// <summary>The partition a patient's alarms belong to, for the life of the process.</summary>
    internal static int PartitionOf(Guid patientId, int count) => count == 1 ? 0 : (int)((uint)patientId.GetHashCode() % (uint)count);

    public ValueTask TakeReadingsAsync(Guid patientId, IReadOnlyList<AttributedReading> readings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readings);
        return For(patientId).EnqueueAsync(readings, cancellationToken);
    }

    public Task<AlarmTransition> AcknowledgeAsync(Guid patientId, AlarmCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return For(patientId).AcknowledgeAsync(patientId, command, cancellationToken);
    }

    public Task<AlarmTransition> ResolveAsync(Guid patientId, AlarmCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return For(patientId).ResolveAsync(patientId, command, cancellationToken);
    }

    public Task<StoredAlarm?> ApplyDecisionAsync(Guid patientId, AlarmDecision decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return For(patientId).ApplyDecisionAsync(patientId, decision, cancellationToken);
    }

    public Task<StoredAlarm?> ResolveBySystemAsync(Guid patientId, AlarmKind kind, string note, CancellationToken cancellationToken) =>
        For(patientId).ResolveBySystemAsync(patientId, kind, note, cancellationToken);

    /// <summary>The patient's context is read again for every batch during the next few seconds instead of waiting for the refresh interval.</summary>
    public Task EpisodeChangedAsync(Guid patientId, CancellationToken cancellationToken)
    {
        For(patientId).PatientChanged(patientId);
        return Task.CompletedTask;
    }

    /// <summary>
    /// What time changes at <paramref name="now"/>, in every partition: escalation, reminders and
    /// auto-resolution of open alarms, devices gone silent, and (every
    /// <see cref="AlarmsOptions.WatchRefreshInterval"/>) the set of watched devices. Returns the alarms changed.
    /// </summary>
    public async Task<IReadOnlyList<StoredAlarm>> TickAsync(DateTimeOffset now, CancellationToken ct)
    {
        var changed = await Task.WhenAll(_partitions.Select(p => p.TickAsync(now, ct)));
        return [.. changed.SelectMany(c => c)];
    }

    /// <summary>
    /// Completes when everything queued before it has been handled and every rule state is stored
    /// (tests; orderly hand-overs).
    /// </summary>
    public Task FlushAsync(CancellationToken ct) => Task.WhenAll(_partitions.Select(p => p.FlushAsync(ct)));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // In a cluster only the leader hub runs the engine (docs/scale-out.md); on becoming the
            // leader it loads its state from PostgreSQL exactly as at start.
            await _leadership.WaitForLeadershipAsync(stoppingToken);
            await StartUpAsync(stoppingToken);
            var loops = _partitions.Select(p => p.RunLoopAsync(stoppingToken)).ToArray();
            // A partition's loop ends only when stopping; should one fail, the failure stops the
            // host as the single loop's did (the others stop with it and store what they hold).
            await await Task.WhenAny(loops);
            await Task.WhenAll(loops);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping before the start-up completed.
        }
        finally
        {
            _stopped = true;
            foreach (var partition in _partitions)
            {
                partition.Close();
            }
        }
    }

    private async Task StartUpAsync(CancellationToken ct)
    {
        var attempt = 0;
        while (true)
        {
            try
            {
                while (!_schema.IsReady)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(250), _time, ct);
                }

                var open = await _store.LoadOpenAsync(ct);
                foreach (var partition in _partitions)
                {
                    await partition.LoadAsync([.. open.Where(a => partition.Owns(a.PatientId))], ct);
                }

                await _events.PublishAsync(new AlarmsLoaded(open), ct);
                LogStarted(_logger, open.Count, _partitions.Sum(p => p.WatchedDevices), _partitions.Length);
                Interlocked.Exchange(ref _startFailingSinceTicks, 0);
                _ready.TrySetResult();
                return;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && ex is not OutOfMemoryException)
            {
                Interlocked.CompareExchange(ref _startFailingSinceTicks, _time.GetUtcNow().UtcTicks, 0);
                LogStartFailed(_logger, ex.Message);
                await Task.Delay(Backoff(++attempt), _time, ct);
            }
        }
    }

    private AlarmPartition For(Guid patientId) => _partitions[PartitionOf(patientId, _partitions.Length)];

    internal static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(MaxRetryDelay.TotalMilliseconds, 100 * Math.Pow(2, Math.Min(attempt, 10))));

    internal static bool IsDatabaseFailure(Exception ex) =>
        ex is NpgsqlException or TimeoutException or SocketException or IOException
        || (ex is InvalidOperationException && ex.InnerException is NpgsqlException);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alarm engine started: {OpenAlarms} open alarms, {Devices} devices watched for silence, {Partitions} partitions")]
    private static partial void LogStarted(ILogger logger, int openAlarms, int devices, int partitions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alarm engine cannot load its state from PostgreSQL yet, retrying: {Reason}")]
    private static partial void LogStartFailed(ILogger logger, string reason);
}
