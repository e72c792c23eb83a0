using Monitoring.Domain.Alarms;
using Monitoring.Hub.Alarms.Engine.Changes;
using Monitoring.Hub.Alarms.Storage;
using Npgsql;

namespace Monitoring.Hub.Alarms.Engine;

/// <summary>
/// A grain's memory of its one patient: rule state and open alarms (<see cref="PatientAlarms"/>), read
/// when first needed (or again after a failed write made memory untrustworthy). Owned by the grain:
/// not thread-safe.
/// </summary>
/// <remarks>
/// The pieces the grain shares with the rules (<see cref="ReadingEvaluation"/>, <see cref="AlarmTicks"/>,
/// <see cref="AlarmCommands"/>) name the patient on every call; another patient's id is a bug, and
/// asking for one throws.
/// </remarks>
internal sealed class PatientMemory(Guid patientId)
{
    private PatientAlarms? _entry;

    public Guid PatientId { get; } = patientId;

    public IEnumerable<PatientAlarms> All => _entry is null ? [] : [_entry];

    public bool TryGet(Guid patientId, out PatientAlarms entry)
    {
        entry = Own(patientId) ? _entry! : null!;
        return entry is not null;
    }

    /// <summary>The patient's entry, created empty when it has none (a patient with no entry has no open alarm).</summary>
    public PatientAlarms Entry(Guid patientId)
    {
        Mine(patientId);
        return _entry ??= new PatientAlarms(patientId);
    }

    /// <summary>The patient's open alarm <paramref name="alarmId"/> as memory has it, or null.</summary>
    public StoredAlarm? FindOpen(Guid patientId, Guid alarmId)
    {
        if (!TryGet(patientId, out var entry))
        {
            return null;
        }

        foreach (var alarm in entry.Open.Values)
        {
            if (alarm.Id == alarmId)
            {
                return alarm;
            }
        }

        return null;
    }

    public void Forget(Guid patientId)
    {
        if (Own(patientId))
        {
            _entry = null;
        }
    }

    /// <summary>The patient's rule state and open alarms are in memory (not seen for the first time, nor forgotten after a failed write).</summary>
    public bool IsLoaded(Guid patientId) => Own(patientId) && _entry!.State is not null;

    /// <summary>Rule state and open alarms of the patient, unless in memory.</summary>
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
    /// Of <paramref name="patientIds"/> (the patient's, or none), those whose rule state must be read
    /// (<c>Missing</c>), and of those, the ones memory has no entry for, whose open alarms must be read
    /// too (<c>Unknown</c>).
    /// </summary>
    public (Guid[] Missing, Guid[] Unknown) Missing(Guid[] patientIds)
    {
        foreach (var id in patientIds)
        {
            Mine(id);
        }

        if (patientIds.Length == 0 || _entry is { State: not null })
        {
            return ([], []);
        }

        return ([PatientId], _entry is null ? [PatientId] : []);
    }

    /// <summary>
    /// Takes what was read for <paramref name="missing"/> (<see cref="Missing"/>): the rule state, and
    /// the open alarms in <paramref name="open"/> if memory had no entry (others' are ignored: a round
    /// read by <see cref="PatientLoads"/> carries other grains' patients).
    /// </summary>
    public void Take(Guid[] missing, Dictionary<Guid, (PatientRuleState State, Guid? EpisodeId)> states, IReadOnlyList<StoredAlarm> open)
    {
        if (missing.Length == 0)
        {
            return;
        }

        var unknown = _entry is null;
        var entry = Entry(PatientId);
        (entry.State, entry.EpisodeId) = states.TryGetValue(PatientId, out var stored) ? stored : (PatientRuleState.Empty, null);
        if (unknown)
        {
            foreach (var alarm in open)
            {
                if (alarm.PatientId == PatientId)
                {
                    entry.AddOpen(alarm);
                }
            }
        }
    }

    private bool Own(Guid patientId) => patientId == PatientId && _entry is not null;

    private void Mine(Guid patientId)
    {
        if (patientId != PatientId)
        {
            throw new ArgumentException($"This memory is patient {PatientId}'s, not {patientId}'s.", nameof(patientId));
        }
    }
}
