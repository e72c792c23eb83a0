using Monitoring.Domain.Alarms;
using Monitoring.Hub.Alarms.Events;
using Monitoring.Hub.Alarms.Storage;
using Monitoring.Hub.Database;
using Monitoring.Hub.Ingestion;
using Monitoring.Hub.Thresholds;

namespace Monitoring.Hub.Alarms.Engine;

/// <summary>
/// One partition of the alarm engine (<see cref="AlarmWorker"/>): the patients whose id hashes to
/// it. Their readings, clinicians' commands, reminder decisions and the ticker's work pass through
/// its one bounded queue (<see cref="PartitionQueue"/>) and are handled by its one loop, in order,
/// so a patient's readings are evaluated in the order they arrived and nothing else changes an
/// alarm in between. Partitions share nothing but thread-safe services (store, thresholds, event stream).
/// </summary>
/// <remarks>
/// <para>
/// The loop batches messages (<see cref="AlarmsOptions.MaxBatch"/>) for <see cref="ReadingEvaluation"/>,
/// retried by <see cref="BatchRetries"/>; <see cref="AlarmTicks"/> and <see cref="AlarmCommands"/> run as
/// queued commands. Each stores before it pushes (<see cref="CommitThenPush"/>); rule states without an
/// alarm change wait for <see cref="RuleStateWriteBehind"/>. Memory: <see cref="PatientMemory"/>,
/// <see cref="PatientContextCache"/>, <see cref="PartitionSilenceWatch"/>.
/// </para>
/// <para>
/// Restart: all open alarms are loaded at start and rule states when a patient is first seen,
/// so an open alarm is updated rather than raised again, and a redelivered reading is recognised
/// by the stored rule state (<see cref="PatientRuleState.RecentFingerprints"/>), which is written in
/// the same transaction as the alarm it changed. The partial unique index on
/// <c>alarms (patient_id, kind) WHERE state &lt;&gt; 'resolved'</c> refuses a duplicate regardless.
/// </para>
/// </remarks>
internal sealed class AlarmPartition
{
    private readonly AlarmsOptions _options;
    private readonly TimeProvider _time;
    private readonly PartitionQueue _queue;
    private readonly PatientMemory _patients = new();
    private readonly PatientContextCache _contexts;
    private readonly RuleStateWriteBehind _writeBehind;
    private readonly PartitionSilenceWatch _silence;
    private readonly BatchRetries _retries;
    private readonly ReadingEvaluation _readings;
    private readonly AlarmTicks _ticks;
    private readonly AlarmCommands _commands;
    private readonly int _index;
    private readonly int _count;

    public AlarmPartition(
        int index,
        int count,
        int queueCapacity,
        AlarmStore store,
        ThresholdStore thresholds,
        AlarmEventStream events,
        TimeProvider time,
        AlarmMetrics metrics,
        AlarmsOptions options,
        ILogger<AlarmWorker> logger)
    {
        _index = index;
        _count = count;
        _options = options;
        _time = time;
        _queue = new PartitionQueue(queueCapacity);
        _contexts = new PatientContextCache(time, options);
        _writeBehind = new RuleStateWriteBehind(store, time, options, logger);
        _silence = new PartitionSilenceWatch(store, thresholds, Owns);
        _retries = new BatchRetries(time, metrics, logger);
        var commit = new CommitThenPush(events, metrics, logger);
        _readings = new ReadingEvaluation(store, thresholds, events, time, _patients, _contexts, _writeBehind, _silence, commit);
        _ticks = new AlarmTicks(store, thresholds, options, _patients, _silence, _writeBehind, _retries, commit, Owns);
        _commands = new AlarmCommands(store, time, _patients, commit, Forget);
    }

    /// <summary>When the silence watch may next find a silent device (the ticker wakes then at the latest).</summary>
    public DateTimeOffset? NextSilenceCheckAt => _silence.NextCheckAt;

    /// <summary>Since when storing has been failing (UTC ticks), 0 while it works: for the health check.</summary>
    internal long FailingSinceTicks => _retries.FailingSinceTicks;

    internal bool Stopped { get; private set; }

    internal int QueueLength => _queue.Count;

    /// <summary>Devices this partition watches for silence.</summary>
    internal int WatchedDevices => _silence.Count;

    /// <summary>Whether the patient's alarms are this partition's (<see cref="AlarmWorker.PartitionOf"/>).</summary>
    internal bool Owns(Guid patientId) => AlarmWorker.PartitionOf(patientId, _count) == _index;

    /// <summary>Any thread: the patient's context is read afresh for the next few seconds.</summary>
    internal void PatientChanged(Guid patientId) => _contexts.PatientChanged(patientId);

    public ValueTask EnqueueAsync(IReadOnlyList<AttributedReading> readings, CancellationToken ct) =>
        readings.Count == 0 ? ValueTask.CompletedTask : _queue.EnqueueAsync(readings, ct);

    public Task<AlarmTransition> AcknowledgeAsync(Guid patientId, AlarmCommand command, CancellationToken ct) =>
        _queue.RunAsync(c => _commands.AcknowledgeAsync(patientId, command, c), ct);

    public Task<AlarmTransition> ResolveAsync(Guid patientId, AlarmCommand command, CancellationToken ct) =>
        _queue.RunAsync(c => _commands.ResolveAsync(patientId, command, c), ct);

    public Task<StoredAlarm?> ApplyDecisionAsync(Guid patientId, AlarmDecision decision, CancellationToken ct) =>
        _queue.RunAsync(c => _commands.ApplyDecisionAsync(patientId, decision, c), ct);

    public Task<StoredAlarm?> ResolveBySystemAsync(Guid patientId, AlarmKind kind, string note, CancellationToken ct) =>
        _queue.RunAsync(c => _commands.ResolveBySystemAsync(patientId, kind, note, c), ct);

    /// <summary>What time changes at <paramref name="now"/> (<see cref="AlarmTicks"/>); returns the alarms changed.</summary>
    public Task<IReadOnlyList<StoredAlarm>> TickAsync(DateTimeOffset now, CancellationToken ct) => _queue.RunAsync(c => _ticks.TickAsync(now, c), ct);

    /// <summary>Completes when everything queued before it has been handled and every rule state is stored.</summary>
    public Task FlushAsync(CancellationToken ct) => _queue.RunAsync(async c =>
    {
        await _writeBehind.SaveAllAsync(c);
        return true;
    }, ct);

    /// <summary>
    /// Loads this partition's share of what the engine knows at start (its patients' open alarms,
    /// given; its devices watched for silence, read). Runs before <see cref="RunLoopAsync"/>.
    /// </summary>
    internal async Task LoadAsync(IReadOnlyList<StoredAlarm> open, CancellationToken ct)
    {
        _patients.Load(open);
        await _silence.RefreshAsync(_time.GetStoredUtcNow(), _patients, ct);
        _retries.MarkWorking();
        _silence.PublishNextCheck();
    }

    /// <summary>The partition's loop, until <paramref name="stoppingToken"/> is cancelled.</summary>
    internal async Task RunLoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            var batch = new List<IReadOnlyList<AttributedReading>>(_options.MaxBatch);
            PartitionQueue.Work? next = null;
            while (true)
            {
                var work = next ?? await _queue.ReadAsync(stoppingToken);
                next = null;
                if (work is PartitionQueue.ReadingWork first)
                {
                    batch.Clear();
                    batch.Add(first.Readings);
                    // A command read here runs right after this batch, in order.
                    while (batch.Count < _options.MaxBatch && _queue.TryRead(out var more))
                    {
                        if (more is PartitionQueue.ReadingWork reading)
                        {
                            batch.Add(reading.Readings);
                        }
                        else
                        {
                            next = more;
                            break;
                        }
                    }

                    await _retries.RunAsync(batch, c => _readings.EvaluateAsync(batch, c), Forget, stoppingToken);
                    await _writeBehind.SaveIfDueAsync(stoppingToken);
                }
                else
                {
                    await ((PartitionQueue.CommandWork)work).ExecuteAsync(stoppingToken);
                }

                _silence.PublishNextCheck();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping. Unhandled readings were not stored anywhere by this engine; ingestion's
            // messages were stored in InfluxDB, and the broker redelivers what it had not acknowledged.
        }
        finally
        {
            await _writeBehind.SaveOnStopAsync();
            Close();
        }
    }

    /// <summary>No more work: queued commands are cancelled, later ones refused (the engine is stopping).</summary>
    internal void Close()
    {
        Stopped = true;
        _queue.Close();
    }

    /// <summary>Memory of the patient may disagree with PostgreSQL: read it again when next needed.</summary>
    private void Forget(Guid patientId)
    {
        _writeBehind.Drop(patientId);
        _contexts.Forget(patientId);
        _patients.Forget(patientId);
    }
}
