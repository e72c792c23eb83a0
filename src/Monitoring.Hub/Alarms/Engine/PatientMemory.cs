using Monitoring.Domain.Alarms;
using Monitoring.Hub.Alarms.Engine.Changes;
using Monitoring.Hub.Alarms.Storage;
using Npgsql;

namespace Monitoring.Hub.Alarms.Engine;

/// <summary>
/// A partition's memory of its patients: rule state and open alarms (<see cref="PatientAlarms"/>).
/// All open alarms are loaded at start, rule states when a patient is first seen (or again after a
/// failed write made memory untrustworthy). Owned by the partition's loop: not thread-safe.
/// </summary>
internal sealed class PatientMemory
{
    private readonly Dictionary<Guid, PatientAlarms> _patients = [];

    public IEnumerable<PatientAlarms> All => _patients.Values;

    public bool TryGet(Guid patientId, out PatientAlarms entry) => _patients.TryGetValue(patientId, out entry!);

    /// <summary>The patient's entry, created empty when it has none (a patient with no entry has no open alarm).</summary>
    public PatientAlarms Entry(Guid patientId)
    {
        if (!_patients.TryGetValue(patientId, out var entry))
        {
            entry = new PatientAlarms(patientId);
            _patients.Add(patientId, entry);
        }

        return entry;
    }

    /// <summary>The patient's open alarm <paramref name="alarmId"/> as memory has it, or null.</summary>
    public StoredAlarm? FindOpen(Guid patientId, Guid alarmId) =>
        _patients.TryGetValue(patientId, out var entry) ? entry.Open.Values.FirstOrDefault(a => a.Id == alarmId) : null;

    public void Forget(Guid patientId) => _patients.Remove(patientId);

    /// <summary>Start-up: the partition's share of the open alarms; rule states are read when first needed.</summary>
    public void Load(IReadOnlyList<StoredAlarm> open)
    {
        _patients.Clear();
        foreach (var alarm in open)
        {
            Entry(alarm.PatientId).Open[alarm.Record.Kind] = alarm;
        }
    }

    /// <summary>Patients seen for the first time (or again after a failed write) need their rule state and open alarms read.</summary>
    public bool NeedsLoading(Guid[] patientIds) => patientIds.Any(id => !_patients.TryGetValue(id, out var entry) || entry.State is null);

    /// <summary>Rule states and open alarms of patients seen for the first time (since start, or since a failed write).</summary>
    public async Task EnsureLoadedAsync(NpgsqlTransaction tx, Guid[] patientIds, CancellationToken ct)
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
        }
    }
}
