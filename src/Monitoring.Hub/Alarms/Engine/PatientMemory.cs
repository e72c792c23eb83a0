using Monitoring.Domain.Alarms;
using Monitoring.Hub.Alarms.Engine.Changes;
using Monitoring.Hub.Alarms.Storage;
using Npgsql;

namespace Monitoring.Hub.Alarms.Engine;

/// <summary>
/// A grain's memory of its patient: rule state and open alarms (<see cref="PatientAlarms"/>), read
/// when the patient is first seen (or again after a failed write made memory untrustworthy). Owned
/// by the grain: not thread-safe.
/// </summary>
/// <remarks>
/// A grain remembers one patient, so the first entry lives in a field and a dictionary is made only
/// for more (never, in a patient's grain): a silo holds one of these per monitored patient, and an
/// empty dictionary with one entry costs ~220 bytes.
/// </remarks>
internal sealed class PatientMemory
{
    private readonly Entries _patients = new();

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

    /// <summary>The patient's rule state and open alarms are in memory (not seen for the first time, nor forgotten after a failed write).</summary>
    public bool IsLoaded(Guid patientId) => _patients.TryGetValue(patientId, out var entry) && entry.State is not null;

    /// <summary>Rule states and open alarms of patients seen for the first time (since start, or since a failed write).</summary>
    public async Task EnsureLoadedAsync(NpgsqlTransaction tx, Guid[] patientIds, CancellationToken ct)
    {
        var (missing, unknown) = Missing(patientIds);
        if (missing.Length == 0)
        {
            return;
        }

        var states = await AlarmStore.LoadRuleStatesAsync(tx, missing, ct);
        var open = unknown.Length == 0 ? [] : await AlarmStore.LoadOpenAsync(tx, unknown, ct);
        Take(missing, states, open);
    }

    /// <summary>
    /// Patients whose rule state must be read (<c>Missing</c>), and of those, the ones memory has no
    /// entry for, whose open alarms must be read too (<c>Unknown</c>).
    /// </summary>
    public (Guid[] Missing, Guid[] Unknown) Missing(Guid[] patientIds)
    {
        var missing = patientIds.Where(id => !_patients.TryGetValue(id, out var entry) || entry.State is null).ToArray();
        return (missing, missing.Length == 0 ? [] : [.. missing.Where(id => !_patients.ContainsKey(id))]);
    }

    /// <summary>
    /// Takes what was read for <paramref name="missing"/> (<see cref="Missing"/>): their rule states, and
    /// the open alarms in <paramref name="open"/> of patients memory had no entry for (others' are ignored:
    /// a round read by <see cref="PatientLoads"/> carries other grains' patients).
    /// </summary>
    public void Take(Guid[] missing, Dictionary<Guid, (PatientRuleState State, Guid? EpisodeId)> states, IReadOnlyList<StoredAlarm> open)
    {
        var unknown = missing.Where(id => !_patients.ContainsKey(id)).ToHashSet();
        foreach (var id in missing)
        {
            var entry = Entry(id);
            (entry.State, entry.EpisodeId) = states.TryGetValue(id, out var stored) ? stored : (PatientRuleState.Empty, null);
        }

        foreach (var alarm in open)
        {
            if (unknown.Contains(alarm.PatientId))
            {
                _patients[alarm.PatientId].Open[alarm.Record.Kind] = alarm;
            }
        }
    }

    /// <summary>One entry in a field, more in a dictionary made when needed.</summary>
    private sealed class Entries
    {
        private PatientAlarms? _first;
        private Dictionary<Guid, PatientAlarms>? _more;

        public IEnumerable<PatientAlarms> Values =>
            _first is null ? _more?.Values ?? Enumerable.Empty<PatientAlarms>() : _more is null ? [_first] : _more.Values.Prepend(_first);

        public PatientAlarms this[Guid patientId] => TryGetValue(patientId, out var entry) ? entry : throw new KeyNotFoundException();

        public bool TryGetValue(Guid patientId, out PatientAlarms entry)
        {
            if (_first is { } first && first.PatientId == patientId)
            {
                entry = first;
                return true;
            }

            entry = null!;
            return _more is not null && _more.TryGetValue(patientId, out entry!);
        }

        public bool ContainsKey(Guid patientId) => TryGetValue(patientId, out _);

        public void Add(Guid patientId, PatientAlarms entry)
        {
            if (ContainsKey(patientId))
            {
                throw new ArgumentException($"Patient {patientId} is remembered already.", nameof(patientId));
            }

            if (_first is null)
            {
                _first = entry;
            }
            else
            {
                (_more ??= []).Add(patientId, entry);
            }
        }

        public void Remove(Guid patientId)
        {
            if (_first is { } first && first.PatientId == patientId)
            {
                _first = null;
            }
            else
            {
                _more?.Remove(patientId);
            }
        }

        public void Clear()
        {
            _first = null;
            _more = null;
        }
    }
}
