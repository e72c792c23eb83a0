using Monitoring.Domain.Alarms;
using Monitoring.Domain.Thresholds;
using Monitoring.Hub.Alarms.Engine.Changes;
using Monitoring.Hub.Alarms.Events;
using Monitoring.Hub.Alarms.Storage;
using Monitoring.Hub.Database;
using Monitoring.Hub.Ingestion;
using Monitoring.Hub.Thresholds;

namespace Monitoring.Hub.Alarms.Engine;

/// <summary>
/// One patient's readings (of one or more device messages, in arrival order) through the rules: read
/// what is not in memory (context, rule state, open alarms, with other grains' reads), evaluate the
/// pure rules (<see cref="PatientAlarmRules"/>) and the lifecycle on a working copy, store alarm
/// changes (<see cref="AlarmWrites"/>, with other grains' in one transaction), then
/// <see cref="CommitThenPush"/>.
/// </summary>
/// <remarks>
/// <para>
/// Patients not in home treatment (no open episode) are not evaluated: ending home treatment stops
/// vital-sign alarms (clinical-rules §3), and a device handed out before the episode starts says
/// nothing a clinician has to act on. Their open alarms stay until resolved; their vitals are still shown.
/// </para>
/// <para>
/// This runs once per patient per ingestion batch (10,000s of calls a second): a patient known to
/// memory with a fresh context and no alarm change costs no PostgreSQL round trip and no collection
/// beyond the working copy. One instance serves every grain of the silo (the grain passes its own
/// memory and silence watch), so a patient's grain does not carry a copy of its services.
/// </para>
/// </remarks>
internal sealed class ReadingEvaluation(
    PatientLoads loads,
    AlarmWrites writes,
    ThresholdStore thresholds,
    AlarmEventStream events,
    TimeProvider time,
    PatientContextCache contexts,
    RuleStateWriteBehind writeBehind,
    CommitThenPush commit)
{
    /// <summary>The readings of the grain's patient, with the grain's memory and silence watch.</summary>
    public async Task EvaluateAsync(
        Guid patientId, IReadOnlyList<AttributedReading> readings, PatientMemory patients, PatientSilenceWatch silence, CancellationToken ct)
    {
        var now = time.GetStoredUtcNow();
        await events.PublishAsync(new VitalsObserved(readings), ct);
        contexts.RefreshInBackgroundIfDue(loads);

        // PostgreSQL only when something is not in memory (a context older than
        // ContextRefreshInterval, a patient seen for the first time) or something must be written.
        var context = (patients.IsLoaded(patientId) ? contexts.Fresh(patientId) : null)
            ?? await LoadAsync(patientId, readings[0].ClinicId, patients, ct);
        if (context is null)
        {
            return; // no such patient any more: nothing to alarm on
        }

        var effective = await thresholds.GetEffectiveAsync(context.ClinicId, patientId, ct);
        var silentAfter = TimeSpan.FromMinutes(effective.Thresholds.DeviceSilentMinutes);
        var changes = new AlarmChanges();
        var draft = changes.Draft(patients.Entry(patientId));
        var messages = ReadingTranslation.Messages(readings);
        foreach (var message in messages)
        {
            Evaluate(changes, draft, context, effective.Thresholds, message, now);
        }

        // A rule state that goes with an alarm change (or a new episode) is stored with it; otherwise
        // it waits for the write-behind, so a call writes alarm rows, not every patient's state.
        draft.Deferred = writeBehind.Enabled && changes.Alarms.Count == 0 && draft.EpisodeId == draft.Entry.EpisodeId;
        var held = draft.Deferred && draft.StateChanged;
        if (changes.HasWrites)
        {
            await writes.WriteAsync(changes, now);
        }

        if (draft.SavesState)
        {
            writeBehind.Drop(patientId);
        }

        await commit.CommittedAsync(changes, ct);
        if (held)
        {
            writeBehind.Hold(draft.Entry);
        }

        foreach (var message in messages)
        {
            var receivedAt = message[0].ReceivedAt;
            foreach (var deviceId in Devices(message))
            {
                silence.Heard(deviceId, receivedAt, silentAfter, context.UnderMonitoring);
            }
        }
    }

    /// <summary>
    /// The patient's context, rule state and open alarms, read with other grains' requests (a burst
    /// of activations costs a few queries); null when the patient no longer exists.
    /// </summary>
    private async Task<PatientContext?> LoadAsync(Guid patientId, Guid clinicId, PatientMemory patients, CancellationToken ct)
    {
        var stale = contexts.Stale(patientId);
        var (missing, unknown) = patients.Missing([patientId]);
        if (stale.Length > 0 || missing.Length > 0)
        {
            var load = await loads.LoadAsync(stale, missing, unknown, [clinicId], [patientId], ct);
            contexts.Store(stale, load.Contexts);
            patients.Take(missing, load.States, load.Open);
        }

        return contexts.Cached(patientId);
    }

    /// <summary>One message of one patient: device resumed, vital signs, symptoms, in that order.</summary>
    private static void Evaluate(
        AlarmChanges changes, PatientDraft draft, PatientContext context, AlarmThresholds thresholds, IReadOnlyList<AttributedReading> pack, DateTimeOffset now)
    {
        if (!context.UnderMonitoring)
        {
            return;
        }

        if (draft.EpisodeId != context.EpisodeId)
        {
            draft.State = ForNewEpisode(draft.State);
            draft.EpisodeId = context.EpisodeId;
        }

        var receivedAt = pack[0].ReceivedAt;
        if (draft.State.SilentDevices.Count > 0)
        {
            foreach (var deviceId in Devices(pack))
            {
                if (draft.State.SilentDevices.Contains(deviceId, StringComparer.Ordinal))
                {
                    changes.Decide(draft, context, PatientAlarmRules.DeviceResumed(draft.State, deviceId, receivedAt), now, receivedAt);
                }
            }
        }

        var vitals = ReadingTranslation.Vitals(pack);
        if (vitals.Count > 0)
        {
            changes.Decide(draft, context, PatientAlarmRules.Evaluate(draft.State, vitals, thresholds, context.TimeZone, receivedAt), now, receivedAt);
        }

        foreach (var report in ReadingTranslation.Symptoms(pack))
        {
            changes.Decide(draft, context, PatientAlarmRules.Evaluate(draft.State, report, thresholds, receivedAt), now, receivedAt);
        }
    }

    /// <summary>A message's devices (one, but for a backlog that crossed a hand-over), first seen first.</summary>
    private static IEnumerable<string> Devices(IReadOnlyList<AttributedReading> message) =>
        ReadingTranslation.IsOneDevice(message) ? [message[0].DeviceId] : message.Select(r => r.DeviceId).Distinct(StringComparer.Ordinal);

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
}
