using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Monitoring.Hub.Alarms.Grains;

/// <summary>
/// The patients whose grains live on this silo and have something time may change, with when: an
/// open alarm (escalation, reminders, auto-resolution: every tick), a device watched for silence
/// (at its deadline). The ticker (<see cref="Adapters.AlarmTicker"/>) ticks exactly those due, so a
/// silo with 10,000 quietly streaming patients does not make 2,000 idle grain calls a second. A grain
/// with nothing to tick is left alone (the watch sweep still calls it every minute while it has
/// devices to watch, so Orleans does not collect it).
/// </summary>
/// <remarks>
/// Every reading call sets its patient's time (each reading moves the silence deadline), so the time
/// is kept in a box per patient (UTC ticks) and written in place: a new dictionary node per call was an
/// allocation and a young object hung from the silo's old table, which every collection must scan
/// (the card table; docs/alarms.md, Measured).
/// </remarks>
public sealed class ActivePatients
{
    private readonly ConcurrentDictionary<Guid, StrongBox<long>> _dueAt = new();

    public int Count => _dueAt.Count;

    /// <summary>When the patient's grain next needs a tick (<see cref="DateTimeOffset.MinValue"/>: every tick), or null: never.</summary>
    public void Set(Guid patientId, DateTimeOffset? dueAt)
    {
        if (dueAt is not { } at)
        {
            _dueAt.TryRemove(patientId, out _);
        }
        else if (_dueAt.TryGetValue(patientId, out var box))
        {
            Volatile.Write(ref box.Value, at.UtcTicks);
        }
        else
        {
            _dueAt[patientId] = new StrongBox<long>(at.UtcTicks);
        }
    }

    public Guid[] Due(DateTimeOffset now)
    {
        var due = new List<Guid>();
        foreach (var (patientId, box) in _dueAt)
        {
            if (Volatile.Read(ref box.Value) <= now.UtcTicks)
            {
                due.Add(patientId);
            }
        }

        return [.. due];
    }

    public bool Contains(Guid patientId) => _dueAt.ContainsKey(patientId);
}
