using System.Collections.Concurrent;
using System.Threading.Channels;
using Monitoring.Domain.Alarms;
using Monitoring.Hub.Audit;
using Monitoring.Hub.Auth;
using Monitoring.Hub.Database;
using Monitoring.Hub.Ingestion;
using Monitoring.Hub.Realtime;
using Monitoring.Hub.Thresholds;
using Npgsql;

namespace Monitoring.Hub.Alarms;

/// <summary>
/// One partition of the alarm engine (<see cref="AlarmWorker"/>): the patients whose id hashes to it,
/// with their rule states, open alarms, cached contexts and devices watched for silence. Their
/// readings, clinicians' acknowledgements and resolutions, and the ticker's time-driven work pass
/// through this partition's one bounded queue and are handled by its one loop, in order, so a
/// patient's readings are evaluated in the order they arrived and nothing else changes an alarm
/// in between. Partitions share nothing but thread-safe services (store, thresholds, publisher).
/// </summary>
/// <remarks>
/// <para>
/// For a batch of messages: group by patient (message order kept), read the patients' context
/// (clinic time zone, open episode) and, on first sight, their rule state and open alarms;
/// evaluate the pure rules (<see cref="PatientAlarmRules"/>) and the lifecycle
/// (<see cref="AlarmLifecycle"/>) on working copies; store alarms, rule states and audit rows in
/// one transaction; only then update memory and push to SignalR. A failed write leaves memory as
/// the database has it and the batch is retried, so nothing is half-applied.
/// </para>
/// <para>
/// Restart: all open alarms are loaded at start and rule states when a patient is first seen,
/// so an open alarm is updated rather than raised again, and a redelivered reading is recognised
/// by the stored rule state (<see cref="PatientRuleState.RecentFingerprints"/>), which is written in
/// the same transaction as the alarm it changed. The partial unique index on
/// <c>alarms (patient_id, kind) WHERE state &lt;&gt; 'resolved'</c> refuses a duplicate regardless.
/// </para>
/// <para>
/// Patients not in home treatment (no open episode) are not evaluated: ending home treatment stops
/// vital-sign alarms (clinical-rules §3), and a device handed out before the episode starts says
/// nothing a clinician has to act on. Their open alarms stay until resolved; their vitals are still shown.
/// </para>
/// </remarks>
internal sealed partial class AlarmPartition
{
    private const int MaxAttemptsForDataErrors = 3;

    /// <summary>Longer than an API transaction takes to commit after telling the worker.</summary>
    private static readonly TimeSpan ChangedPatientWindow = TimeSpan.FromSeconds(5);

    private readonly AlarmStore _store;
    private readonly ThresholdStore _thresholds;
    private readonly RealtimePublisher _publisher;
    private readonly TimeProvider _time;
    private readonly AlarmMetrics _metrics;
    private readonly AlarmsOptions _options;
    private readonly ILogger<AlarmWorker> _logger;
    private readonly Channel<Work> _queue;
    private readonly int _index;
    private readonly int _count;

    // Owned by the loop.
    private readonly Dictionary<Guid, PatientAlarms> _patients = [];
    // Shared by all partitions (alarm id → patient, for routing commands); each writes only its own alarms.
    private readonly ConcurrentDictionary<Guid, Guid> _openAlarmPatients;
    private readonly SilenceWatch _silence = new();
    private readonly Dictionary<string, Guid> _watchedDevices = new(StringComparer.Ordinal);
    private DateTimeOffset _lastWatchRefresh = DateTimeOffset.MinValue;

    // Patients' contexts, all read again every ContextRefreshInterval (_contextsRefreshedAt, a timestamp);
    // patients changed through this hub's API are read afresh until the timestamp given (their
    // transaction may still be committing when the worker is told).
    private readonly Dictionary<Guid, PatientContext> _contexts = [];
    private readonly ConcurrentDictionary<Guid, long> _changedPatients = new();
    private long _contextsRefreshedAt;

    // Patients whose rule state in memory is ahead of PostgreSQL (write-behind, AlarmsOptions.StateSaveInterval).
    private readonly Dictionary<Guid, PatientAlarms> _unsaved = [];
    private long _lastStateSave;

    private long _nextSilenceCheckTicks = long.MaxValue;
    private long _failingSinceTicks;

    public AlarmPartition(
        int index,
        int count,
        int queueCapacity,
        ConcurrentDictionary<Guid, Guid> openAlarmPatients,
        AlarmStore store,
        ThresholdStore thresholds,
        RealtimePublisher publisher,
        TimeProvider time,
        AlarmMetrics metrics,
        AlarmsOptions options,
        ILogger<AlarmWorker> logger)
    {
        _index = index;
        _count = count;
        _openAlarmPatients = openAlarmPatients;
        _store = store;
        _thresholds = thresholds;
        _publisher = publisher;
        _time = time;
        _metrics = metrics;
        _options = options;
        _logger = logger;
        _queue = Channel.CreateBounded<Work>(new BoundedChannelOptions(queueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>When the silence watch may next find a silent device (the ticker wakes then at the latest).</summary>
    public DateTimeOffset? NextSilenceCheckAt =>
        Interlocked.Read(ref _nextSilenceCheckTicks) is var ticks && ticks == long.MaxValue ? null : new DateTimeOffset(ticks, TimeSpan.Zero);

    /// <summary>Since when storing has been failing (UTC ticks), 0 while it works: for the health check.</summary>
    internal long FailingSinceTicks => Interlocked.Read(ref _failingSinceTicks);

    internal bool Stopped { get; private set; }

    internal int QueueLength => _queue.Reader.Count;

    /// <summary>Devices this partition watches for silence.</summary>
    internal int WatchedDevices => _silence.Count;

    /// <summary>Whether the patient's alarms are this partition's (<see cref="AlarmWorker.PartitionOf"/>).</summary>
    internal bool Owns(Guid patientId) => AlarmWorker.PartitionOf(patientId, _count) == _index;

    /// <summary>
    /// A patient's episode (or registry entry) changed in this hub: its context is read again for
    /// every batch during the next few seconds instead of waiting for the refresh interval.
    /// </summary>
    internal void PatientChanged(Guid patientId) =>
        _changedPatients[patientId] = _time.GetTimestamp() + (long)(ChangedPatientWindow.TotalSeconds * _time.TimestampFrequency);

    /// <summary>One message's readings, from ingestion; waits while the queue is full (backpressure).</summary>
    public async ValueTask EnqueueAsync(IReadOnlyList<AttributedReading> readings, CancellationToken ct)
    {
        if (readings.Count == 0)
        {
            return;
        }

        try
        {
            await _queue.Writer.WriteAsync(new ReadingWork(readings), ct);
        }
        catch (ChannelClosedException)
        {
            // The engine has stopped (the hub is shutting down): these readings are stored in
            // InfluxDB but not evaluated here.
        }
    }

    public Task<AlarmTransition> AcknowledgeAsync(ClinicScope scope, Guid alarmId, string? note, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return RunAsync(c => TransitionAsync(scope, alarmId, (alarm, now) => AlarmLifecycle.Acknowledge(alarm, scope.Username, now, note), c), ct);
    }

    public Task<AlarmTransition> ResolveAsync(ClinicScope scope, Guid alarmId, string? note, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return RunAsync(c => TransitionAsync(scope, alarmId, (alarm, now) => AlarmLifecycle.Resolve(alarm, scope.Username, note, now), c), ct);
    }

    /// <summary>
    /// What time changes at <paramref name="now"/>: escalation, reminders and auto-resolution of
    /// open alarms, devices gone silent, and (every <see cref="AlarmsOptions.WatchRefreshInterval"/>)
    /// the set of watched devices. Returns the alarms changed.
    /// </summary>
    public Task<IReadOnlyList<AlarmResponse>> TickAsync(DateTimeOffset now, CancellationToken ct) => RunAsync(c => TickCoreAsync(now, c), ct);

    /// <summary>
    /// A decision made outside the reading rules (a scheduled check such as a missed temperature
    /// check or an overdue follow-up) applied through the same lifecycle, storage, audit and push.
    /// </summary>
    public Task<AlarmResponse?> ApplyDecisionAsync(Guid patientId, AlarmDecision decision, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return RunAsync(c => DecideAsync(patientId, decision, c), ct);
    }

    /// <summary>
    /// Resolves the patient's open alarm of <paramref name="kind"/> as <c>system</c> (audited, pushed), for a
    /// scheduled reminder whose reason is gone: the follow-up was completed, the booster given, the
    /// episode ended. Returns the resolved alarm, or null when none of that kind was open.
    /// </summary>
    public Task<AlarmResponse?> ResolveBySystemAsync(Guid patientId, AlarmKind kind, string note, CancellationToken ct) =>
        RunAsync(c => ResolveBySystemCoreAsync(patientId, kind, note, c), ct);

    /// <summary>
    /// Completes when everything queued before it has been handled and every rule state is stored
    /// (tests; orderly hand-overs).
    /// </summary>
    public Task FlushAsync(CancellationToken ct) => RunAsync(async c =>
    {
        await SaveUnsavedStatesAsync(c);
        return true;
    }, ct);

    /// <summary>
    /// Loads this partition's share of what the engine knows at start (its patients' open alarms,
    /// given; its devices watched for silence, read). Runs before <see cref="RunLoopAsync"/>.
    /// </summary>
    internal async Task LoadAsync(IReadOnlyList<StoredAlarm> open, CancellationToken ct)
    {
        _patients.Clear();
        foreach (var alarm in open)
        {
            Entry(alarm.PatientId).Open[alarm.Record.Kind] = alarm;
            _openAlarmPatients[alarm.Id] = alarm.PatientId;
        }

        await RestoreWatchAsync(_time.GetStoredUtcNow(), ct);
        Interlocked.Exchange(ref _failingSinceTicks, 0);
        PublishNextCheck();
    }

    /// <summary>The partition's loop, until <paramref name="stoppingToken"/> is cancelled.</summary>
    internal async Task RunLoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            var batch = new List<ReadingWork>(_options.MaxBatch);
            Work? next = null;
            while (true)
            {
                var work = next ?? await _queue.Reader.ReadAsync(stoppingToken);
                next = null;
                if (work is ReadingWork first)
                {
                    batch.Clear();
                    batch.Add(first);
                    // One read per item (each takes the channel's lock, which ingestion's writes
                    // contend for); a command read here runs right after this batch, in order.
                    while (batch.Count < _options.MaxBatch && _queue.Reader.TryRead(out var more))
                    {
                        if (more is ReadingWork reading)
                        {
                            batch.Add(reading);
                        }
                        else
                        {
                            next = more;
                            break;
                        }
                    }

                    await WithRetriesAsync(batch, stoppingToken);
                    await SaveUnsavedStatesIfDueAsync(stoppingToken);
                }
                else
                {
                    await ((CommandWork)work).ExecuteAsync(stoppingToken);
                }

                PublishNextCheck();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping. Unhandled readings were not stored anywhere by this engine; ingestion's
            // messages were stored in InfluxDB, and the broker redelivers what it had not acknowledged.
        }
        finally
        {
            await SaveUnsavedStatesOnStopAsync();
            Close();
        }
    }

    /// <summary>No more work: queued commands are cancelled, later ones refused (the engine is stopping).</summary>
    internal void Close()
    {
        Stopped = true;
        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var left))
        {
            (left as CommandWork)?.Cancel();
        }
    }

    private async Task WithRetriesAsync(List<ReadingWork> batch, CancellationToken ct)
    {
        var dataErrors = 0;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ProcessReadingsAsync(batch, ct);
                Interlocked.Exchange(ref _failingSinceTicks, 0);
                return;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && ex is not OutOfMemoryException)
            {
                var patients = batch.SelectMany(w => w.Readings).Select(r => r.PatientId).Distinct().ToList();
                // What PostgreSQL refused may disagree with memory (another writer, a deleted
                // patient): forget these patients so the retry starts from what is stored.
                foreach (var patientId in patients)
                {
                    Forget(patientId);
                }

                // An unreachable database is waited for (ingestion waits with it); data the
                // database or the code keeps refusing must not stop every other patient's alarms.
                var unreachable = AlarmWorker.IsDatabaseFailure(ex) && ex is not PostgresException { IsTransient: false };
                if (!unreachable && ++dataErrors >= MaxAttemptsForDataErrors)
                {
                    _metrics.BatchDropped();
                    LogBatchDropped(_logger, ex, batch.Count, string.Join(", ", patients));
                    return;
                }

                MarkFailing();
                LogBatchRetry(_logger, batch.Count, attempt, ex.Message);
                await Task.Delay(AlarmWorker.Backoff(attempt), _time, ct);
            }
        }
    }

    private async Task ProcessReadingsAsync(List<ReadingWork> batch, CancellationToken ct)
    {
        var now = _time.GetStoredUtcNow();
        // Message order is kept per patient; a message may (rarely) hold readings of two patients
        // when its device changed hands within the backlog.
        var packs = new Dictionary<Guid, List<IReadOnlyList<AttributedReading>>>();
        var clinics = new HashSet<Guid>();
        var live = new List<AttributedReading>(batch.Count * 2);
        foreach (var work in batch)
        {
            live.AddRange(work.Readings);
            if (AlarmWorker.IsOnePatient(work.Readings))
            {
                // The usual message: one device, one patient, no regrouping.
                var patientId = work.Readings[0].PatientId;
                if (!packs.TryGetValue(patientId, out var own))
                {
                    packs[patientId] = own = [];
                }

                own.Add(work.Readings);
                clinics.Add(work.Readings[0].ClinicId);
                continue;
            }

            foreach (var group in work.Readings.GroupBy(r => r.PatientId))
            {
                if (!packs.TryGetValue(group.Key, out var list))
                {
                    packs[group.Key] = list = [];
                }

                list.Add([.. group]);
                clinics.Add(group.First().ClinicId);
            }
        }

        // One hand-off to the dashboards' publisher per batch, not per message.
        _publisher.Vitals(live);

        var patientIds = packs.Keys.ToArray();
        await _thresholds.PreloadAsync(clinics, patientIds, ct);

        // PostgreSQL only when something is not in memory (a context older than
        // ContextRefreshInterval, a patient seen for the first time) or something must be written:
        // a batch of known patients whose alarms do not change needs no round trip at all.
        await using var db = new LazyTransaction(_store.DataSource);
        var stale = StaleContexts(patientIds);
        if (stale.Length > 0 || NeedsLoading(patientIds))
        {
            var tx = await db.GetAsync(ct);
            CacheContexts(stale, await AlarmStore.LoadContextsAsync(tx, stale, ct));
            await EnsureLoadedAsync(tx, patientIds, ct);
        }

        var contexts = CachedContexts(patientIds);

        var changes = new AlarmChanges();
        var heard = new List<(string DeviceId, Guid PatientId, DateTimeOffset At, TimeSpan SilentAfter, bool Monitored)>();
        foreach (var (patientId, patientPacks) in packs)
        {
            if (!contexts.TryGetValue(patientId, out var context))
            {
                continue; // no such patient any more: nothing to alarm on
            }

            var draft = changes.Draft(Entry(patientId));
            var effective = await _thresholds.GetEffectiveAsync(context.ClinicId, patientId, ct);
            var silentAfter = TimeSpan.FromMinutes(effective.Thresholds.DeviceSilentMinutes);
            foreach (var pack in patientPacks)
            {
                var receivedAt = pack[0].ReceivedAt;
                foreach (var deviceId in pack.Select(r => r.DeviceId).Distinct(StringComparer.Ordinal))
                {
                    heard.Add((deviceId, patientId, receivedAt, silentAfter, context.UnderMonitoring));
                }

                if (!context.UnderMonitoring)
                {
                    continue;
                }

                if (draft.EpisodeId != context.EpisodeId)
                {
                    draft.State = ForNewEpisode(draft.State);
                    draft.EpisodeId = context.EpisodeId;
                }

                foreach (var deviceId in pack.Select(r => r.DeviceId).Distinct(StringComparer.Ordinal))
                {
                    if (draft.State.SilentDevices.Contains(deviceId, StringComparer.Ordinal))
                    {
                        Decide(changes, draft, context, PatientAlarmRules.DeviceResumed(draft.State, deviceId, receivedAt), now, receivedAt);
                    }
                }

                var vitals = ReadingTranslation.Vitals(pack);
                if (vitals.Count > 0)
                {
                    Decide(changes, draft, context,
                        PatientAlarmRules.Evaluate(draft.State, vitals, effective.Thresholds, context.TimeZone, receivedAt), now, receivedAt);
                }

                foreach (var report in ReadingTranslation.Symptoms(pack))
                {
                    Decide(changes, draft, context, PatientAlarmRules.Evaluate(draft.State, report, effective.Thresholds, receivedAt), now, receivedAt);
                }
            }
        }

        // Rule states that go with an alarm change (or a new episode) are stored with it; the rest
        // wait for the write-behind, so a batch writes alarm rows, not every patient's state.
        var alarmed = changes.Alarms.Select(c => c.Current.PatientId).ToHashSet();
        var deferred = new List<PatientAlarms>();
        foreach (var draft in changes.Drafts.Values)
        {
            draft.Deferred = _options.StateSaveInterval > TimeSpan.Zero && !alarmed.Contains(draft.PatientId) && draft.EpisodeId == draft.Entry.EpisodeId;
            if (draft.Deferred && draft.StateChanged)
            {
                deferred.Add(draft.Entry);
            }
        }

        if (changes.HasWrites)
        {
            await AlarmStore.SaveAsync(await db.GetAsync(ct), changes, now, ct);
        }

        await db.CommitAsync(ct);

        foreach (var draft in changes.Drafts.Values.Where(d => d.SavesState))
        {
            _unsaved.Remove(draft.PatientId);
        }

        await CommittedAsync(changes, ct);
        foreach (var entry in deferred)
        {
            _unsaved[entry.PatientId] = entry;
        }

        foreach (var (deviceId, patientId, at, silentAfter, monitored) in heard)
        {
            if (monitored)
            {
                _silence.Observe(deviceId, at, silentAfter);
                _watchedDevices[deviceId] = patientId;
            }
            else if (_watchedDevices.Remove(deviceId))
            {
                _silence.Forget(deviceId);
            }
        }
    }

    private async Task<IReadOnlyList<AlarmResponse>> TickCoreAsync(DateTimeOffset now, CancellationToken ct)
    {
        var changes = new AlarmChanges();
        foreach (var entry in _patients.Values)
        {
            foreach (var alarm in entry.Open.Values)
            {
                var effective = await _thresholds.GetEffectiveAsync(alarm.ClinicId, alarm.PatientId, ct);
                var result = AlarmLifecycle.Tick(alarm.Record, effective.Policy, now);
                if (result.Effects.Count > 0 && result.Alarm is not null)
                {
                    var draft = changes.Draft(entry);
                    changes.Record(draft, alarm, alarm with { Record = result.Alarm }, result.Effects, AuditActor.System, null);
                }
            }
        }

        // Devices no longer watched (unassigned, episode ended) but still listed silent: their
        // condition is over. Refreshed every WatchRefreshInterval.
        var resumed = now - _lastWatchRefresh >= _options.WatchRefreshInterval
            ? await RefreshWatchAsync(now, ct)
            : [];
        var silent = _silence.CollectSilent(now);
        try
        {
            if (silent.Count > 0 || resumed.Count > 0)
            {
                await DecideSilenceAsync(changes, silent, resumed, now, ct);
            }
            else if (changes.HasWrites)
            {
                await using var connection = await _store.DataSource.OpenConnectionAsync(ct);
                await using var tx = await connection.BeginTransactionAsync(ct);
                await AlarmStore.SaveAsync(tx, changes, now, ct);
                await tx.CommitAsync(ct);
            }
        }
        catch (Exception ex) when (AlarmWorker.IsDatabaseFailure(ex))
        {
            // Re-arm what was collected so the next tick reports it again.
            foreach (var device in silent)
            {
                _silence.Restore(device.DeviceId, device.LastHeardAt, device.SilentAfter, reportedSilent: false);
            }

            _lastWatchRefresh = DateTimeOffset.MinValue;
            MarkFailing();
            throw;
        }

        Interlocked.Exchange(ref _failingSinceTicks, 0);
        await CommittedAsync(changes, ct);
        await SaveUnsavedStatesIfDueAsync(ct);
        return [.. changes.Alarms.Select(c => AlarmResponse.From(c.Current))];
    }

    private async Task DecideSilenceAsync(
        AlarmChanges changes, IReadOnlyList<SilentDevice> silent, IReadOnlyList<(Guid PatientId, string DeviceId)> resumed, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await _store.DataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var owners = await AlarmStore.LoadDeviceOwnersAsync(tx, [.. silent.Select(s => s.DeviceId)], ct);
        var patientIds = owners.Values.Select(o => o.PatientId).Concat(resumed.Select(r => r.PatientId)).Where(Owns).Distinct().ToArray();
        var contexts = await AlarmStore.LoadContextsAsync(tx, patientIds, ct);
        await EnsureLoadedAsync(tx, patientIds, ct);

        foreach (var device in silent)
        {
            // Checked when it fires: the device may have been unassigned or the episode ended since.
            // A device handed to a patient of another partition is that partition's to watch.
            if (!owners.TryGetValue(device.DeviceId, out var owner) || !owner.Monitored || !Owns(owner.PatientId)
                || !contexts.TryGetValue(owner.PatientId, out var context))
            {
                _silence.Forget(device.DeviceId);
                _watchedDevices.Remove(device.DeviceId);
                continue;
            }

            var draft = changes.Draft(Entry(owner.PatientId));
            Decide(changes, draft, context, PatientAlarmRules.DeviceSilent(draft.State, device), now, null);
        }

        foreach (var (patientId, deviceId) in resumed)
        {
            if (contexts.TryGetValue(patientId, out var context))
            {
                var draft = changes.Draft(Entry(patientId));
                Decide(changes, draft, context, PatientAlarmRules.DeviceResumed(draft.State, deviceId, now), now, null);
            }
        }

        if (changes.HasWrites)
        {
            await AlarmStore.SaveAsync(tx, changes, now, ct);
        }

        await tx.CommitAsync(ct);
    }

    private async Task<AlarmTransition> TransitionAsync(
        ClinicScope scope, Guid alarmId, Func<AlarmRecord, DateTimeOffset, TransitionResult> transition, CancellationToken ct, bool reloaded = false)
    {
        var now = _time.GetStoredUtcNow();
        if (!_openAlarmPatients.TryGetValue(alarmId, out var patientId)
            || !_patients.TryGetValue(patientId, out var entry)
            || entry.Open.Values.FirstOrDefault(a => a.Id == alarmId) is not { } alarm)
        {
            // Not open: resolved (the lifecycle refuses with a reason), or absent, or not visible.
            var stored = await _store.GetAsync(scope, alarmId, ct);
            if (stored is null)
            {
                return AlarmTransition.NotFound;
            }

            if (!stored.Record.IsOpen || reloaded)
            {
                return Refused(transition(stored.Record, now), stored);
            }

            // Open in PostgreSQL but not in memory (written by another hub instance): read the
            // patient again and apply the transition to what is stored.
            Forget(stored.PatientId);
            await LoadPatientAsync(stored.PatientId, ct);
            return await TransitionAsync(scope, alarmId, transition, ct, reloaded: true);
        }

        if (!scope.CanSee(alarm.ClinicId))
        {
            return AlarmTransition.NotFound;
        }

        var result = transition(alarm.Record, now);
        if (!result.Succeeded)
        {
            return Refused(result, alarm);
        }

        var changes = new AlarmChanges();
        changes.Record(changes.Draft(entry), alarm, alarm with { Record = result.Alarm }, [result.Effect], scope.Actor, null);
        await using (var connection = await _store.DataSource.OpenConnectionAsync(ct))
        await using (var tx = await connection.BeginTransactionAsync(ct))
        {
            await AlarmStore.SaveAsync(tx, changes, now, ct);
            await tx.CommitAsync(ct);
        }

        await CommittedAsync(changes, ct);
        return new AlarmTransition(AlarmTransitionStatus.Done, AlarmResponse.From(changes.Alarms[0].Current), null);
    }

    private static AlarmTransition Refused(TransitionResult result, StoredAlarm alarm) =>
        result.Succeeded
            ? AlarmTransition.NotFound
            : new AlarmTransition(AlarmTransitionStatus.Refused, AlarmResponse.From(alarm), result.Error);

    private async Task LoadPatientAsync(Guid patientId, CancellationToken ct)
    {
        await using var connection = await _store.DataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await EnsureLoadedAsync(tx, [patientId], ct);
        await tx.CommitAsync(ct);
    }

    private async Task<AlarmResponse?> DecideAsync(Guid patientId, AlarmDecision decision, CancellationToken ct)
    {
        var now = _time.GetStoredUtcNow();
        var changes = new AlarmChanges();
        await using (var connection = await _store.DataSource.OpenConnectionAsync(ct))
        await using (var tx = await connection.BeginTransactionAsync(ct))
        {
            var contexts = await AlarmStore.LoadContextsAsync(tx, [patientId], ct);
            if (!contexts.TryGetValue(patientId, out var context))
            {
                return null;
            }

            await EnsureLoadedAsync(tx, [patientId], ct);
            changes.Apply(changes.Draft(Entry(patientId)), context, decision, now, null);
            if (changes.HasWrites)
            {
                await AlarmStore.SaveAsync(tx, changes, now, ct);
            }

            await tx.CommitAsync(ct);
        }

        await CommittedAsync(changes, ct);
        return changes.Alarms.Count == 0 ? null : AlarmResponse.From(changes.Alarms[0].Current);
    }

    private async Task<AlarmResponse?> ResolveBySystemCoreAsync(Guid patientId, AlarmKind kind, string note, CancellationToken ct)
    {
        var now = _time.GetStoredUtcNow();
        var changes = new AlarmChanges();
        await using (var connection = await _store.DataSource.OpenConnectionAsync(ct))
        await using (var tx = await connection.BeginTransactionAsync(ct))
        {
            await EnsureLoadedAsync(tx, [patientId], ct);
            var entry = Entry(patientId);
            if (!entry.Open.TryGetValue(kind, out var alarm))
            {
                return null;
            }

            var result = AlarmLifecycle.Resolve(alarm.Record, AlarmEffect.SystemActor, note, now);
            if (!result.Succeeded)
            {
                return null;
            }

            changes.Record(changes.Draft(entry), alarm, alarm with { Record = result.Alarm }, [result.Effect], AuditActor.System, null);
            await AlarmStore.SaveAsync(tx, changes, now, ct);
            await tx.CommitAsync(ct);
        }

        await CommittedAsync(changes, ct);
        return AlarmResponse.From(changes.Alarms[0].Current);
    }

    private static void Decide(AlarmChanges changes, PatientDraft draft, PatientContext context, RuleOutcome outcome, DateTimeOffset now, DateTimeOffset? receivedAt)
    {
        draft.State = outcome.State;
        foreach (var decision in outcome.Decisions)
        {
            changes.Apply(draft, context, decision, now, receivedAt);
        }
    }

    /// <summary>After the commit: memory takes the drafts, then the dashboards hear of it.</summary>
    private async Task CommittedAsync(AlarmChanges changes, CancellationToken ct)
    {
        foreach (var draft in changes.Drafts.Values)
        {
            draft.Commit();
        }

        foreach (var change in changes.Alarms)
        {
            var alarm = change.Current;
            if (alarm.Record.IsOpen)
            {
                _openAlarmPatients[alarm.Id] = alarm.PatientId;
            }
            else
            {
                _openAlarmPatients.TryRemove(alarm.Id, out _);
            }

            var response = AlarmResponse.From(alarm);
            if (change.IsNew)
            {
                _metrics.Raised(response.Kind, response.Priority);
                LogRaised(_logger, alarm.Id, response.Kind, alarm.PatientId, alarm.ClinicId);
            }

            await _publisher.AlarmAsync(response, change.IsNew, change.ReceivedAt, ct);
        }
    }

    /// <summary>Rule states and open alarms of patients seen for the first time (since start, or since a failed write).</summary>
    private async Task EnsureLoadedAsync(NpgsqlTransaction tx, Guid[] patientIds, CancellationToken ct)
    {
        var missing = patientIds.Where(id => !_patients.TryGetValue(id, out var entry) || entry.State is null).ToArray();
        if (missing.Length == 0)
        {
            return;
        }

        var unknown = missing.Where(id => !_patients.ContainsKey(id)).ToArray();
        var states = await AlarmStore.LoadRuleStatesAsync(tx, missing, ct);
        var open = unknown.Length == 0 ? [] : await AlarmStore.LoadOpenAsync(tx, unknown, ct);
        foreach (var id in missing)
        {
            var entry = Entry(id);
            (entry.State, entry.EpisodeId) = states.TryGetValue(id, out var stored) ? stored : (PatientRuleState.Empty, null);
        }

        foreach (var alarm in open)
        {
            _patients[alarm.PatientId].Open[alarm.Record.Kind] = alarm;
            _openAlarmPatients[alarm.Id] = alarm.PatientId;
        }
    }

    /// <summary>Restores the silence watch from PostgreSQL (start-up): devices on patients in home treatment.</summary>
    private async Task RestoreWatchAsync(DateTimeOffset now, CancellationToken ct) => await RefreshWatchAsync(now, ct);

    /// <summary>
    /// Brings the watched set in line with the registry: devices newly assigned to monitored
    /// patients are watched from their last contact; devices no longer monitored are forgotten.
    /// Returns devices some patient's rule state still has silent though they are no longer
    /// watched: their <c>device_silent</c> condition is over.
    /// </summary>
    private async Task<IReadOnlyList<(Guid PatientId, string DeviceId)>> RefreshWatchAsync(DateTimeOffset now, CancellationToken ct)
    {
        var devices = (await _store.LoadWatchedDevicesAsync(ct)).Where(d => Owns(d.PatientId)).ToList();
        await _thresholds.PreloadAsync(devices.Select(d => d.ClinicId), devices.Select(d => d.PatientId), ct);
        var current = new HashSet<string>(StringComparer.Ordinal);
        foreach (var device in devices)
        {
            current.Add(device.DeviceId);
            if (_watchedDevices.TryGetValue(device.DeviceId, out var patientId) && patientId == device.PatientId)
            {
                continue;
            }

            var effective = await _thresholds.GetEffectiveAsync(device.ClinicId, device.PatientId, ct);
            var reported = _patients.TryGetValue(device.PatientId, out var entry) && entry.State is { } state
                ? state.SilentDevices.Contains(device.DeviceId, StringComparer.Ordinal)
                : device.ReportedSilent;
            _silence.Restore(device.DeviceId, device.LastHeardAt, TimeSpan.FromMinutes(effective.Thresholds.DeviceSilentMinutes), reported);
            _watchedDevices[device.DeviceId] = device.PatientId;
        }

        foreach (var deviceId in _watchedDevices.Keys.Where(id => !current.Contains(id)).ToList())
        {
            _watchedDevices.Remove(deviceId);
            _silence.Forget(deviceId);
        }

        _lastWatchRefresh = now;
        var listedSilent = await _store.LoadSilentDevicesAsync(ct);
        return [.. listedSilent.Where(s => Owns(s.PatientId) && !current.Contains(s.DeviceId))];
    }

    private PatientAlarms Entry(Guid patientId)
    {
        if (!_patients.TryGetValue(patientId, out var entry))
        {
            entry = new PatientAlarms(patientId);
            _patients.Add(patientId, entry);
        }

        return entry;
    }

    private void Forget(Guid patientId)
    {
        _unsaved.Remove(patientId);
        _contexts.Remove(patientId);
        if (_patients.Remove(patientId, out var entry))
        {
            foreach (var alarm in entry.Open.Values)
            {
                _openAlarmPatients.TryRemove(alarm.Id, out _);
            }
        }
    }

    /// <summary>
    /// Patients of the batch whose context (clinic, name, tier, open episode) is not cached, is
    /// older than <see cref="AlarmsOptions.ContextRefreshInterval"/>, or changed in this hub
    /// moments ago (<see cref="PatientChanged"/>).
    /// </summary>
    /// <remarks>
    /// When the cache as a whole is due, every cached patient is read again with this batch's in
    /// one query: per-patient ages would spread the refreshes over nearly every batch, each then
    /// paying a round trip for a handful of rows.
    /// </remarks>
    private Guid[] StaleContexts(Guid[] patientIds)
    {
        var now = _time.GetTimestamp();
        if (_options.ContextRefreshInterval <= TimeSpan.Zero)
        {
            return patientIds;
        }

        var refreshAfter = (long)(_options.ContextRefreshInterval.TotalSeconds * _time.TimestampFrequency);
        if (now - _contextsRefreshedAt >= refreshAfter)
        {
            _contextsRefreshedAt = now;
            return [.. patientIds.Concat(_contexts.Keys).Distinct()];
        }

        return [.. patientIds.Where(id =>
            !_contexts.ContainsKey(id) || (_changedPatients.TryGetValue(id, out var until) && now < until))];
    }

    private void CacheContexts(Guid[] requested, Dictionary<Guid, PatientContext> loaded)
    {
        var now = _time.GetTimestamp();
        foreach (var id in requested)
        {
            if (loaded.TryGetValue(id, out var context))
            {
                _contexts[id] = context;
            }
            else
            {
                _contexts.Remove(id); // no such patient any more
            }
        }

        foreach (var (id, until) in _changedPatients)
        {
            if (now >= until)
            {
                _changedPatients.TryRemove(id, out _);
            }
        }
    }

    private Dictionary<Guid, PatientContext> CachedContexts(Guid[] patientIds)
    {
        var contexts = new Dictionary<Guid, PatientContext>(patientIds.Length);
        foreach (var id in patientIds)
        {
            if (_contexts.TryGetValue(id, out var cached))
            {
                contexts[id] = cached;
            }
        }

        return contexts;
    }

    /// <summary>Patients seen for the first time (or again after a failed write) need their rule state and open alarms read.</summary>
    private bool NeedsLoading(Guid[] patientIds) => patientIds.Any(id => !_patients.TryGetValue(id, out var entry) || entry.State is null);

    private async Task SaveUnsavedStatesIfDueAsync(CancellationToken ct)
    {
        if (_unsaved.Count > 0 && _time.GetElapsedTime(_lastStateSave) >= _options.StateSaveInterval)
        {
            try
            {
                await SaveUnsavedStatesAsync(ct);
            }
            catch (Exception ex) when (AlarmWorker.IsDatabaseFailure(ex))
            {
                // Kept for the next attempt; the batches' own writes report the outage.
                LogStatesNotSaved(_logger, _unsaved.Count, ex.Message);
            }
        }
    }

    /// <summary>Stores every rule state the write-behind holds, a few thousand patients per statement.</summary>
    private async Task SaveUnsavedStatesAsync(CancellationToken ct)
    {
        _lastStateSave = _time.GetTimestamp();
        if (_unsaved.Count == 0)
        {
            return;
        }

        var now = _time.GetStoredUtcNow();
        var entries = _unsaved.Values.Where(e => e.State is not null).ToList();
        foreach (var chunk in entries.Chunk(2000))
        {
            await using var connection = await _store.DataSource.OpenConnectionAsync(ct);
            await using var tx = await connection.BeginTransactionAsync(ct);
            await AlarmStore.SaveRuleStatesAsync(tx, [.. chunk.Select(e => (e.PatientId, e.EpisodeId, e.State!))], now, ct);
            await tx.CommitAsync(ct);
            foreach (var entry in chunk)
            {
                _unsaved.Remove(entry.PatientId);
            }
        }
    }

    /// <summary>On a graceful stop: store what the write-behind holds, briefly (a crash would lose it).</summary>
    private async Task SaveUnsavedStatesOnStopAsync()
    {
        if (_unsaved.Count == 0)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await SaveUnsavedStatesAsync(timeout.Token);
        }
        catch (Exception ex) when (AlarmWorker.IsDatabaseFailure(ex) || ex is OperationCanceledException)
        {
            LogStatesNotSaved(_logger, _unsaved.Count, ex.Message);
        }
    }

    /// <summary>
    /// A new home-treatment episode starts the clinical rules afresh (a run of low SpO2 or a fever
    /// episode of the previous one says nothing about this one); what is known about the devices
    /// (battery, silence) and the redelivery memory carry over.
    /// </summary>
    private static PatientRuleState ForNewEpisode(PatientRuleState state) =>
        PatientRuleState.Empty with
        {
            Batteries = state.Batteries,
            SilentDevices = state.SilentDevices,
            RecentFingerprints = state.RecentFingerprints,
        };

    private async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> run, CancellationToken ct)
    {
        var work = new CommandWork<T>(run, ct);
        try
        {
            await _queue.Writer.WriteAsync(work, ct);
        }
        catch (ChannelClosedException)
        {
            throw new Api.DependencyUnavailableException("The alarm engine is stopping (the hub is shutting down); nothing was changed.");
        }

        return await work.Result.WaitAsync(ct);
    }

    private void PublishNextCheck() =>
        Interlocked.Exchange(ref _nextSilenceCheckTicks, _silence.NextCheckAt is { } next ? next.UtcTicks : long.MaxValue);

    private void MarkFailing() => Interlocked.CompareExchange(ref _failingSinceTicks, _time.GetUtcNow().UtcTicks, 0);

    private abstract class Work;

    private sealed class ReadingWork(IReadOnlyList<AttributedReading> readings) : Work
    {
        public IReadOnlyList<AttributedReading> Readings { get; } = readings;
    }

    private abstract class CommandWork : Work
    {
        public abstract Task ExecuteAsync(CancellationToken ct);

        public abstract void Cancel();
    }

    private sealed class CommandWork<T>(Func<CancellationToken, Task<T>> run, CancellationToken caller) : CommandWork
    {
        private readonly TaskCompletionSource<T> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<T> Result => _result.Task;

        public override async Task ExecuteAsync(CancellationToken ct)
        {
            if (caller.IsCancellationRequested)
            {
                // The caller gave up (an API request timed out): it was told nothing was changed.
                _result.TrySetCanceled(caller);
                return;
            }

            try
            {
                _result.TrySetResult(await run(ct));
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                _result.TrySetCanceled(ct);
                throw;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The caller hears of it (API: 503 for the database); the loop goes on.
                _result.TrySetException(ex);
            }
        }

        public override void Cancel() => _result.TrySetCanceled();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Alarm {AlarmId} raised: {Kind} for patient {PatientId} of clinic {ClinicId}")]
    private static partial void LogRaised(ILogger logger, Guid alarmId, string kind, Guid patientId, Guid clinicId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storing a batch of {Messages} messages failed (attempt {Attempt}), retrying: {Reason}")]
    private static partial void LogBatchRetry(ILogger logger, int messages, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not store the rule states of {Patients} patients yet (kept in memory, retried): {Reason}")]
    private static partial void LogStatesNotSaved(ILogger logger, int patients, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "PostgreSQL keeps refusing a batch of {Messages} messages of patients {PatientIds}; it is dropped (its readings are still in InfluxDB)")]
    private static partial void LogBatchDropped(ILogger logger, Exception exception, int messages, string patientIds);
}
