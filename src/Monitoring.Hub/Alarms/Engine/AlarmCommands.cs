using Monitoring.Domain.Alarms;
using Monitoring.Hub.Alarms.Engine.Changes;
using Monitoring.Hub.Alarms.Storage;
using Monitoring.Hub.Audit;
using Monitoring.Hub.Database;

namespace Monitoring.Hub.Alarms.Engine;

/// <summary>
/// What is asked of a partition besides readings and time: a clinician's acknowledge or resolve,
/// a reminder sweep's decision, a reminder withdrawn. Each its own transaction, then
/// <see cref="CommitThenPush"/>.
/// </summary>
internal sealed class AlarmCommands(AlarmStore store, TimeProvider time, PatientMemory patients, CommitThenPush commit, Action<Guid> forget)
{
    public Task<AlarmTransition> AcknowledgeAsync(Guid patientId, AlarmCommand command, CancellationToken ct) =>
        TransitionAsync(patientId, command, (alarm, now) => AlarmLifecycle.Acknowledge(alarm, command.Scope.Username, now, command.Note), ct);

    public Task<AlarmTransition> ResolveAsync(Guid patientId, AlarmCommand command, CancellationToken ct) =>
        TransitionAsync(patientId, command, (alarm, now) => AlarmLifecycle.Resolve(alarm, command.Scope.Username, command.Note, now), ct);

    public async Task<StoredAlarm?> ApplyDecisionAsync(Guid patientId, AlarmDecision decision, CancellationToken ct)
    {
        var now = time.GetStoredUtcNow();
        var changes = new AlarmChanges();
        await using (var connection = await store.DataSource.OpenConnectionAsync(ct))
        await using (var tx = await connection.BeginTransactionAsync(ct))
        {
            var contexts = await AlarmStore.LoadContextsAsync(tx, [patientId], ct);
            if (!contexts.TryGetValue(patientId, out var context))
            {
                return null;
            }

            await patients.EnsureLoadedAsync(tx, [patientId], ct);
            changes.Apply(changes.Draft(patients.Entry(patientId)), context, decision, now, null);
            if (changes.HasWrites)
            {
                await AlarmStore.SaveAsync(tx, changes, now, ct);
            }

            await tx.CommitAsync(ct);
        }

        await commit.CommittedAsync(changes, ct);
        return changes.Alarms.Count == 0 ? null : changes.Alarms[0].Current;
    }

    public async Task<StoredAlarm?> ResolveBySystemAsync(Guid patientId, AlarmKind kind, string note, CancellationToken ct)
    {
        var now = time.GetStoredUtcNow();
        var changes = new AlarmChanges();
        await using (var connection = await store.DataSource.OpenConnectionAsync(ct))
        await using (var tx = await connection.BeginTransactionAsync(ct))
        {
            await patients.EnsureLoadedAsync(tx, [patientId], ct);
            var entry = patients.Entry(patientId);
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

        await commit.CommittedAsync(changes, ct);
        return changes.Alarms[0].Current;
    }

    private async Task<AlarmTransition> TransitionAsync(
        Guid patientId, AlarmCommand command, Func<AlarmRecord, DateTimeOffset, TransitionResult> transition, CancellationToken ct, bool reloaded = false)
    {
        var now = time.GetStoredUtcNow();
        if (patients.FindOpen(patientId, command.AlarmId) is not { } alarm || !patients.TryGet(patientId, out var entry))
        {
            // Not open: resolved (the lifecycle refuses with a reason), or absent, or not visible.
            var stored = await store.GetAsync(command.Scope, command.AlarmId, ct);
            if (stored is null || stored.PatientId != patientId)
            {
                return AlarmTransition.NotFound;
            }

            if (!stored.Record.IsOpen || reloaded)
            {
                return Refused(transition(stored.Record, now), stored);
            }

            // Open in PostgreSQL but not in memory (written by another hub instance): read the
            // patient again and apply the transition to what is stored.
            forget(patientId);
            await LoadPatientAsync(patientId, ct);
            return await TransitionAsync(patientId, command, transition, ct, reloaded: true);
        }

        if (!command.Scope.CanSee(alarm.ClinicId))
        {
            return AlarmTransition.NotFound;
        }

        var result = transition(alarm.Record, now);
        if (!result.Succeeded)
        {
            return Refused(result, alarm);
        }

        var changes = new AlarmChanges();
        changes.Record(changes.Draft(entry), alarm, alarm with { Record = result.Alarm }, [result.Effect], command.Scope.Actor, null);
        await using (var connection = await store.DataSource.OpenConnectionAsync(ct))
        await using (var tx = await connection.BeginTransactionAsync(ct))
        {
            await AlarmStore.SaveAsync(tx, changes, now, ct);
            await tx.CommitAsync(ct);
        }

        await commit.CommittedAsync(changes, ct);
        return new AlarmTransition(AlarmTransitionStatus.Done, changes.Alarms[0].Current, null);
    }

    private static AlarmTransition Refused(TransitionResult result, StoredAlarm alarm) =>
        result.Succeeded
            ? AlarmTransition.NotFound
            : new AlarmTransition(AlarmTransitionStatus.Refused, alarm, result.Error);

    private async Task LoadPatientAsync(Guid patientId, CancellationToken ct)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await patients.EnsureLoadedAsync(tx, [patientId], ct);
        await tx.CommitAsync(ct);
    }
}
