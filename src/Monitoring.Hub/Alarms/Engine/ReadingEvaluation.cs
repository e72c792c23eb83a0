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
/// One batch of device messages through the rules: group by patient (message order kept), read
/// what is not in memory (contexts, rule states, open alarms), evaluate the pure rules
/// (<see cref="PatientAlarmRules"/>) and the lifecycle on working copies, store alarm changes
/// (<see cref="AlarmWrites"/>, with other grains' in one transaction), then <see cref="CommitThenPush"/>.
/// </summary>
/// <remarks>
/// Patients not in home treatment (no open episode) are not evaluated: ending home treatment stops
/// vital-sign alarms (clinical-rules §3), and a device handed out before the episode starts says
/// nothing a clinician has to act on. Their open alarms stay until resolved; their vitals are still shown.
/// </remarks>
internal sealed class ReadingEvaluation(
    PatientLoads loads,
    AlarmWrites writes,
    ThresholdStore thresholds,
    AlarmEventStream events,
    TimeProvider time,
    PatientMemory patients,
    PatientContextCache contexts,
    RuleStateWriteBehind writeBehind,
    PatientSilenceWatch silence,
    CommitThenPush commit)
{
    public async Task EvaluateAsync(IReadOnlyList<IReadOnlyList<AttributedReading>> batch, CancellationToken ct)
    {
        var now = time.GetStoredUtcNow();
        // Message order is kept per patient; a message may (rarely) hold readings of two patients
        // when its device changed hands within the backlog.
        var packs = new Dictionary<Guid, List<IReadOnlyList<AttributedReading>>>();
        var clinics = new HashSet<Guid>();
        var live = new List<AttributedReading>(batch.Count * 2);
        foreach (var message in batch)
        {
            live.AddRange(message);
            if (ReadingTranslation.IsOnePatient(message))
            {
                // The usual message: one device, one patient, no regrouping.
                var patientId = message[0].PatientId;
                if (!packs.TryGetValue(patientId, out var own))
                {
                    packs[patientId] = own = [];
                }

                own.Add(message);
                clinics.Add(message[0].ClinicId);
                continue;
            }

            foreach (var group in message.GroupBy(r => r.PatientId))
            {
                if (!packs.TryGetValue(group.Key, out var list))
                {
                    packs[group.Key] = list = [];
                }

                list.Add([.. group]);
                clinics.Add(group.First().ClinicId);
            }
        }

        // One vitals event per batch, not per message.
        await events.PublishAsync(new VitalsObserved(live), ct);

        var patientIds = packs.Keys.ToArray();
        var clinicIds = clinics.ToArray();

        // PostgreSQL only when something is not in memory (a context older than
        // ContextRefreshInterval, a patient seen for the first time) or something must be written:
        // a batch of known patients whose alarms do not change needs no round trip at all. What is
        // read is read with other grains' requests (a burst of activations costs a few queries).
        var stale = contexts.Stale(patientIds);
        var (missing, unknown) = patients.Missing(patientIds);
        if (stale.Length > 0 || missing.Length > 0)
        {
            var load = await loads.LoadAsync(stale, missing, unknown, clinicIds, patientIds, ct);
            contexts.Store(stale, load.Contexts);
            patients.Take(missing, load.States, load.Open);
        }

        await thresholds.PreloadAsync(clinicIds, patientIds, ct);

        var known = contexts.Cached(patientIds);
        var changes = new AlarmChanges();
        var heard = new List<(string DeviceId, Guid PatientId, DateTimeOffset At, TimeSpan SilentAfter, bool Monitored)>();
        foreach (var (patientId, patientPacks) in packs)
        {
            if (!known.TryGetValue(patientId, out var context))
            {
                continue; // no such patient any more: nothing to alarm on
            }

            var draft = changes.Draft(patients.Entry(patientId));
            var effective = await thresholds.GetEffectiveAsync(context.ClinicId, patientId, ct);
            var silentAfter = TimeSpan.FromMinutes(effective.Thresholds.DeviceSilentMinutes);
            foreach (var pack in patientPacks)
            {
                Evaluate(changes, draft, context, effective.Thresholds, silentAfter, pack, heard, now);
            }
        }

        // Rule states that go with an alarm change (or a new episode) are stored with it; the rest
        // wait for the write-behind, so a batch writes alarm rows, not every patient's state.
        var alarmed = changes.Alarms.Select(c => c.Current.PatientId).ToHashSet();
        var deferred = new List<PatientAlarms>();
        foreach (var draft in changes.Drafts.Values)
        {
            draft.Deferred = writeBehind.Enabled && !alarmed.Contains(draft.PatientId) && draft.EpisodeId == draft.Entry.EpisodeId;
            if (draft.Deferred && draft.StateChanged)
            {
                deferred.Add(draft.Entry);
            }
        }

        if (changes.HasWrites)
        {
            await writes.WriteAsync(changes, now);
        }

        foreach (var draft in changes.Drafts.Values.Where(d => d.SavesState))
        {
            writeBehind.Drop(draft.PatientId);
        }

        await commit.CommittedAsync(changes, ct);
        foreach (var entry in deferred)
        {
            writeBehind.Hold(entry);
        }

        foreach (var (deviceId, patientId, at, after, monitored) in heard)
        {
            silence.Heard(deviceId, patientId, at, after, monitored);
        }
    }

    /// <summary>One message of one patient: device resumed, vital signs, symptoms, in that order.</summary>
    private static void Evaluate(
        AlarmChanges changes,
        PatientDraft draft,
        PatientContext context,
        AlarmThresholds thresholds,
        TimeSpan silentAfter,
        IReadOnlyList<AttributedReading> pack,
        List<(string DeviceId, Guid PatientId, DateTimeOffset At, TimeSpan SilentAfter, bool Monitored)> heard,
        DateTimeOffset now)
    {
        var receivedAt = pack[0].ReceivedAt;
        var devices = pack.Select(r => r.DeviceId).Distinct(StringComparer.Ordinal).ToList();
        foreach (var deviceId in devices)
        {
            heard.Add((deviceId, draft.PatientId, receivedAt, silentAfter, context.UnderMonitoring));
        }

        if (!context.UnderMonitoring)
        {
            return;
        }

        if (draft.EpisodeId != context.EpisodeId)
        {
            draft.State = ForNewEpisode(draft.State);
            draft.EpisodeId = context.EpisodeId;
        }

        foreach (var deviceId in devices)
        {
            if (draft.State.SilentDevices.Contains(deviceId, StringComparer.Ordinal))
            {
                changes.Decide(draft, context, PatientAlarmRules.DeviceResumed(draft.State, deviceId, receivedAt), now, receivedAt);
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
