using Monitoring.Domain.Alarms;
using Monitoring.Hub.Alarms.Engine.Changes;
using Monitoring.Hub.Alarms.Storage;
using Monitoring.Hub.Audit;
using Monitoring.Hub.Thresholds;

namespace Monitoring.Hub.Alarms.Engine;

/// <summary>
/// What time changes for a grain's patient: escalation, reminders and auto-resolution of open
/// alarms (<see cref="AlarmLifecycle.Tick"/>), devices gone silent, and devices no longer watched
/// whose silence is over (found by the watch sweep, <see cref="PatientSilenceWatch.RefreshAsync"/>).
/// </summary>
internal sealed class AlarmTicks(
    AlarmStore store,
    AlarmWrites writes,
    ThresholdStore thresholds,
    PatientMemory patients,
    PatientSilenceWatch silence,
    RuleStateWriteBehind writeBehind,
    BatchRetries retries,
    CommitThenPush commit,
    Func<Guid, bool> owns)
{
    /// <summary>Returns the alarms changed.</summary>
    public async Task<IReadOnlyList<StoredAlarm>> TickAsync(
        DateTimeOffset now, IReadOnlyList<(Guid PatientId, string DeviceId)> resumed, CancellationToken ct)
    {
        var changes = new AlarmChanges();
        foreach (var entry in patients.All)
        {
            foreach (var alarm in entry.Open.Values)
            {
                var effective = await thresholds.GetEffectiveAsync(alarm.ClinicId, alarm.PatientId, ct);
                var result = AlarmLifecycle.Tick(alarm.Record, effective.Policy, now);
                if (result.Effects.Count > 0 && result.Alarm is not null)
                {
                    var draft = changes.Draft(entry);
                    changes.Record(draft, alarm, alarm with { Record = result.Alarm }, result.Effects, AuditActor.System, null);
                }
            }
        }

        // Devices no longer watched (unassigned, episode ended) but still listed silent: their
        // condition is over (given by the watch sweep).
        var silent = silence.CollectSilent(now);
        try
        {
            if (silent.Count > 0 || resumed.Count > 0)
            {
                await DecideSilenceAsync(changes, silent, resumed, now, ct);
            }
            else if (changes.HasWrites)
            {
                // Escalations and reminders of many patients fall due on the same tick: one transaction.
                await writes.WriteAsync(changes, now);
            }
        }
        catch (Exception ex) when (AlarmEngineFailures.IsDatabaseFailure(ex))
        {
            silence.Rearm(silent);
            retries.MarkFailing();
            throw;
        }

        retries.MarkWorking();
        await commit.CommittedAsync(changes, ct);
        await writeBehind.SaveIfDueAsync(ct);
        return [.. changes.Alarms.Select(c => c.Current)];
    }

    private async Task DecideSilenceAsync(
        AlarmChanges changes, IReadOnlyList<SilentDevice> silent, IReadOnlyList<(Guid PatientId, string DeviceId)> resumed, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var owners = await AlarmStore.LoadDeviceOwnersAsync(tx, [.. silent.Select(s => s.DeviceId)], ct);
        var patientIds = owners.Values.Select(o => o.PatientId).Concat(resumed.Select(r => r.PatientId)).Where(owns).Distinct().ToArray();
        var contexts = await AlarmStore.LoadContextsAsync(tx, patientIds, ct);
        await patients.EnsureLoadedAsync(tx, patientIds, ct);

        foreach (var device in silent)
        {
            // Checked when it fires: the device may have been unassigned or the episode ended since.
            // A device handed to another patient is that patient's grain's to watch.
            if (!owners.TryGetValue(device.DeviceId, out var owner) || !owner.Monitored || !owns(owner.PatientId)
                || !contexts.TryGetValue(owner.PatientId, out var context))
            {
                silence.Forget(device.DeviceId);
                continue;
            }

            var draft = changes.Draft(patients.Entry(owner.PatientId));
            changes.Decide(draft, context, PatientAlarmRules.DeviceSilent(draft.State, device), now, null);
        }

        foreach (var (patientId, deviceId) in resumed)
        {
            if (contexts.TryGetValue(patientId, out var context))
            {
                var draft = changes.Draft(patients.Entry(patientId));
                changes.Decide(draft, context, PatientAlarmRules.DeviceResumed(draft.State, deviceId, now), now, null);
            }
        }

        if (changes.HasWrites)
        {
            await AlarmStore.SaveAsync(tx, changes, now, ct);
        }

        await tx.CommitAsync(ct);
    }
}
