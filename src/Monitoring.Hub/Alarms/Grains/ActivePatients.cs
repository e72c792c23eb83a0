using System.Collections.Concurrent;

namespace Monitoring.Hub.Alarms.Grains;

/// <summary>
/// The patients whose grains live on this silo and have something time may change, with when: an
/// open alarm (escalation, reminders, auto-resolution: every tick), a device watched for silence
/// (at its deadline). The ticker (<see cref="Adapters.AlarmTicker"/>) ticks exactly those due, so a
/// silo with 10,000 quietly streaming patients does not make 2,000 idle grain calls a second. A grain
/// with nothing to tick is left alone (the watch sweep still calls it every minute while it has
/// devices to watch, so Orleans does not collect it).
/// </summary>
public sealed class ActivePatients
{
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _dueAt = new();

    public int Count => _dueAt.Count;

    /// <summary>When the patient's grain next needs a tick (<see cref="DateTimeOffset.MinValue"/>: every tick), or null: never.</summary>
    public void Set(Guid patientId, DateTimeOffset? dueAt)
    {
        if (dueAt is { } at)
        {
            _dueAt[patientId] = at;
        }
        else
        {
            _dueAt.TryRemove(patientId, out _);
        }
    }

    /// <summary>Patients whose grains need a tick at <paramref name="now"/>.</summary>
    public Guid[] Due(DateTimeOffset now) => [.. _dueAt.Where(e => e.Value <= now).Select(e => e.Key)];

    /// <summary>Whether the patient's grain lives here with something to tick (tests).</summary>
    public bool Contains(Guid patientId) => _dueAt.ContainsKey(patientId);
}
