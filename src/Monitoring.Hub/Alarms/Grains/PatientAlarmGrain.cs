using Monitoring.Domain.Alarms;
using Monitoring.Hub.Alarms.Engine;
using Monitoring.Hub.Alarms.Events;
using Monitoring.Hub.Alarms.Storage;
using Monitoring.Hub.Thresholds;

namespace Monitoring.Hub.Alarms.Grains;

/// <summary>
/// One patient's alarm engine (<see cref="IPatientAlarmGrain"/>): Orleans keeps exactly one
/// activation per patient in the cluster and hands it one call at a time, so the patient's
/// readings, clinicians' commands, reminder decisions and ticks are applied in order without locks.
/// </summary>
/// <remarks>
/// <para>
/// State lives in our PostgreSQL tables, not in an Orleans storage provider: at activation the
/// patient's open alarms and rule state are read (<see cref="PatientMemory"/>); an alarm change is
/// written in its own transaction before it is published (<see cref="CommitThenPush"/>); a rule
/// state that changed without an alarm change is handed to the silo's
/// <see cref="RuleStateWriteBehind"/>, written with others at most every
/// <see cref="AlarmsOptions.StateSaveInterval"/>. The rules are the domain's, run through the same
/// pieces the partitioned engine used (<see cref="ReadingEvaluation"/>, <see cref="AlarmTicks"/>,
/// <see cref="AlarmCommands"/>).
/// </para>
/// <para>
/// Time: no Orleans timer per grain. The silo's ticker ticks the grains <see cref="ActivePatients"/>
/// lists as due, on the injected clock, so tests move time with a fake clock, and
/// one timer serves 10,000 patients. The watch sweep (<see cref="IAlarmWatchGrain"/>) wakes the
/// grains of patients with watched devices or open alarms, wherever they are, so a hub that dies
/// has its patients' escalations and silence watch resumed on the others.
/// </para>
/// </remarks>
internal sealed class PatientAlarmGrain : Grain, IPatientAlarmGrain
{
    private readonly AlarmStore _store;
    private readonly PatientContextCache _contexts;
    private readonly RuleStateWriteBehind _writeBehind;
    private readonly BatchRetries _retries;
    private readonly ActivePatients _active;
    private readonly AlarmEngineStartup _startup;
    private readonly PatientMemory _patients = new();
    private readonly PatientSilenceWatch _silence;
    private readonly ReadingEvaluation _readings;
    private readonly AlarmTicks _ticks;
    private readonly AlarmCommands _commands;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Guid _patientId;
    private List<(Guid PatientId, string DeviceId)> _resumed = [];

    public PatientAlarmGrain(
        AlarmStore store,
        ThresholdStore thresholds,
        AlarmEventStream events,
        TimeProvider time,
        PatientContextCache contexts,
        RuleStateWriteBehind writeBehind,
        BatchRetries retries,
        CommitThenPush commit,
        ActivePatients active,
        AlarmEngineStartup startup)
    {
        _store = store;
        _contexts = contexts;
        _writeBehind = writeBehind;
        _retries = retries;
        _active = active;
        _startup = startup;
        _patientId = this.GetPrimaryKey();
        _silence = new PatientSilenceWatch(thresholds);
        _readings = new ReadingEvaluation(store, thresholds, events, time, _patients, contexts, writeBehind, _silence, commit);
        _ticks = new AlarmTicks(store, thresholds, _patients, _silence, writeBehind, retries, commit, id => id == _patientId);
        _commands = new AlarmCommands(store, time, _patients, commit, Forget);
    }

    /// <summary>
    /// Waits for the engine's start; the patient's open alarms and rule state are read when first
    /// needed (a reading, a command, a tick), not here: an episode hook activates the grain inside the
    /// registry's transaction, before anything of the patient's may be stored.
    /// </summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken) => _startup.Ready.WaitAsync(cancellationToken);

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _active.Set(_patientId, null);
        await _stopping.CancelAsync();
        _stopping.Dispose();
        // The rule state still held stays with the silo's write-behind, written at its next save or
        // when the silo stops; a grain moving to another silo would read an older state until then,
        // so outside a shutdown it is written now (on failure it stays held for the next save).
        if (reason.ReasonCode != DeactivationReasonCode.ShuttingDown)
        {
            try
            {
                await _writeBehind.SaveAllAsync(cancellationToken);
            }
            catch (Exception ex) when (AlarmEngineFailures.IsDatabaseFailure(ex) || ex is OperationCanceledException)
            {
                // Held; the silo's next save or its stop writes it.
            }
        }
    }

    public async Task TakeReadingsAsync(ReadingBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Readings.Length == 0)
        {
            return;
        }

        var messages = ReadingTranslation.Messages(batch.Readings);
        await _retries.RunAsync(messages, c => _readings.EvaluateAsync(messages, c), Forget, _stopping.Token);
        await _writeBehind.SaveIfDueAsync(_stopping.Token);
        PublishTicking();
    }

    public async Task<AlarmTransition> AcknowledgeAsync(AlarmCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var transition = await _commands.AcknowledgeAsync(_patientId, command, _stopping.Token);
        PublishTicking();
        return transition;
    }

    public async Task<AlarmTransition> ResolveAsync(AlarmCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var transition = await _commands.ResolveAsync(_patientId, command, _stopping.Token);
        PublishTicking();
        return transition;
    }

    public async Task<StoredAlarm?> RaiseAsync(Raise decision)
    {
        var alarm = await _commands.ApplyDecisionAsync(_patientId, decision, _stopping.Token);
        PublishTicking();
        return alarm;
    }

    public async Task<StoredAlarm?> ResolveBySystemAsync(int kind, string note)
    {
        var alarm = await _commands.ResolveBySystemAsync(_patientId, (AlarmKind)kind, note, _stopping.Token);
        PublishTicking();
        return alarm;
    }

    /// <summary>The patient's context is read again for every call during the next few seconds (its transaction may still be committing).</summary>
    public Task EpisodeChangedAsync()
    {
        _contexts.PatientChanged(_patientId);
        return Task.CompletedTask;
    }

    public async Task<StoredAlarm[]> TickAsync(DateTimeOffset now)
    {
        await LoadAsync(_stopping.Token);
        var changed = await _ticks.TickAsync(now, _resumed, _stopping.Token);
        _resumed = [];
        PublishTicking();
        return [.. changed];
    }

    public async Task WatchAsync(WatchOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        await LoadAsync(_stopping.Token);
        var resumed = await _silence.RefreshAsync(_patientId, [.. order.Devices.Select(d => d.ToDevice())], order.ListedSilent, _patients, _stopping.Token);
        _resumed = [.. _resumed.Concat(resumed).Distinct()];
        PublishTicking();
    }

    /// <summary>The patient's open alarms and rule state, unless memory has them.</summary>
    private async Task LoadAsync(CancellationToken ct)
    {
        if (!_patients.NeedsLoading([_patientId]))
        {
            return;
        }

        await using var connection = await _store.DataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await _patients.EnsureLoadedAsync(tx, [_patientId], ct);
        await tx.CommitAsync(ct);
        PublishTicking();
    }

    private void PublishTicking() =>
        _active.Set(_patientId, _resumed.Count > 0 || (_patients.TryGet(_patientId, out var entry) && entry.Open.Count > 0)
            ? DateTimeOffset.MinValue
            : _silence.NextCheckAt);

    /// <summary>Memory of the patient may disagree with PostgreSQL: read it again when next needed.</summary>
    private void Forget(Guid patientId)
    {
        _writeBehind.Drop(patientId);
        _contexts.Forget(patientId);
        _patients.Forget(patientId);
    }
}
