using Monitoring.Domain.Alarms;
using Monitoring.Hub.Alarms.Engine;
using Monitoring.Hub.Alarms.Storage;

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
    // A silo holds one of these per monitored patient (10,000s): the silo's services come in one
    // object (PatientGrainServices), and what is not needed for readings (ticks, commands) is built
    // when first used.
    private readonly PatientGrainServices _services;
    private readonly PatientMemory _patients;
    private readonly PatientSilenceWatch _silence;
    private readonly Guid _patientId;
    private AlarmTicks? _ticks;
    private AlarmCommands? _commands;
    private (Guid PatientId, string DeviceId)[] _resumed = [];

    public PatientAlarmGrain(PatientGrainServices services)
    {
        _services = services;
        _patientId = this.GetPrimaryKey();
        _patients = new PatientMemory(_patientId);
        _silence = new PatientSilenceWatch(services.Thresholds);
    }

    private AlarmTicks Ticks => _ticks ??= new AlarmTicks(
        _services.Store, _services.Writes, _services.Thresholds, _patients, _silence, _services.WriteBehind, _services.Retries, _services.Commit, Owns);

    private AlarmCommands Commands => _commands ??= new AlarmCommands(_services.Store, _services.Time, _patients, _services.Commit, Forget);

    private CancellationToken Stopping => _services.Stopping;

    /// <summary>
    /// Waits for the engine's start; the patient's open alarms and rule state are read when first
    /// needed (a reading, a command, a tick), not here: an episode hook activates the grain inside the
    /// registry's transaction, before anything of the patient's may be stored.
    /// </summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken) => _services.Startup.Ready.WaitAsync(cancellationToken);

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _services.Active.Set(_patientId, null);
        // The rule state still held stays with the silo's write-behind, written at its next save or
        // when the silo stops; a grain moving to another silo would read an older state until then,
        // so outside a shutdown it is written now (on failure it stays held for the next save).
        if (reason.ReasonCode != DeactivationReasonCode.ShuttingDown)
        {
            try
            {
                await _services.WriteBehind.SaveAllAsync(cancellationToken);
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

        await _services.Retries.RunAsync(
            _patientId, batch.Readings, (Grain: this, Batch: batch), static (s, c) => s.Grain.EvaluateAsync(s.Batch, c), static (s, id) => s.Grain.Forget(id), Stopping);
        _services.WriteBehind.SaveInBackgroundIfDue(Stopping);
        PublishTicking();
    }

    public async Task<AlarmTransition> AcknowledgeAsync(AlarmCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var transition = await Commands.AcknowledgeAsync(_patientId, command, Stopping);
        PublishTicking();
        return transition;
    }

    public async Task<AlarmTransition> ResolveAsync(AlarmCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var transition = await Commands.ResolveAsync(_patientId, command, Stopping);
        PublishTicking();
        return transition;
    }

    public async Task<StoredAlarm?> RaiseAsync(Raise decision)
    {
        var alarm = await Commands.ApplyDecisionAsync(_patientId, decision, Stopping);
        PublishTicking();
        return alarm;
    }

    public async Task<StoredAlarm?> ResolveBySystemAsync(int kind, string note)
    {
        var alarm = await Commands.ResolveBySystemAsync(_patientId, (AlarmKind)kind, note, Stopping);
        PublishTicking();
        return alarm;
    }

    /// <summary>The patient's context is read again for every call during the next few seconds (its transaction may still be committing).</summary>
    public Task EpisodeChangedAsync()
    {
        _services.Contexts.PatientChanged(_patientId);
        return Task.CompletedTask;
    }

    public async Task<StoredAlarm[]> TickAsync(DateTimeOffset now)
    {
        await LoadAsync(Stopping);
        var changed = await Ticks.TickAsync(now, _resumed, Stopping);
        _resumed = [];
        PublishTicking();
        return [.. changed];
    }

    public async Task WatchAsync(WatchOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        await LoadAsync(Stopping);
        var resumed = await _silence.RefreshAsync(_patientId, [.. order.Devices.Select(d => d.ToDevice())], order.ListedSilent, _patients, Stopping);
        _resumed = [.. _resumed.Concat(resumed).Distinct()];
        PublishTicking();
    }

    private Task EvaluateAsync(ReadingBatch batch, CancellationToken ct) =>
        _services.Readings.EvaluateAsync(_patientId, batch.Readings, _patients, _silence, ct);

    /// <summary>The patient's open alarms and rule state, unless memory has them.</summary>
    private async Task LoadAsync(CancellationToken ct)
    {
        if (_patients.IsLoaded(_patientId))
        {
            return;
        }

        // With the other grains woken by the same watch sweep: a few queries for a silo's patients.
        var (missing, unknown) = _patients.Missing([_patientId]);
        var load = await _services.Loads.LoadAsync([], missing, unknown, [], [], ct);
        _patients.Take(missing, load.States, load.Open);
        PublishTicking();
    }

    private void PublishTicking() =>
        _services.Active.Set(_patientId, _resumed.Length > 0 || (_patients.TryGet(_patientId, out var entry) && entry.Open.Count > 0)
            ? DateTimeOffset.MinValue
            : _silence.NextCheckAt);

    private bool Owns(Guid patientId) => patientId == _patientId;

    /// <summary>Memory of the patient may disagree with PostgreSQL: read it again when next needed.</summary>
    private void Forget(Guid patientId)
    {
        _services.WriteBehind.Drop(patientId);
        _services.Contexts.Forget(patientId);
        _patients.Forget(patientId);
    }
}
