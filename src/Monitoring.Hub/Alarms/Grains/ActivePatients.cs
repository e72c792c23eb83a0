using System.Collections.Concurrent;

namespace Monitoring.Hub.Alarms.Grains;

/// <summary>
/// The patients whose grains live on this silo and have something time may change (an open alarm,
/// a device watched for silence): the ticker (<see cref="Adapters.AlarmTicker"/>) ticks exactly these.
/// A grain with nothing to tick is left alone, so Orleans collects it when idle.
/// </summary>
public sealed class ActivePatients
{
    private readonly ConcurrentDictionary<Guid, byte> _ticking = new();

    public int Count => _ticking.Count;

    public void Set(Guid patientId, bool needsTicks)
    {
        if (needsTicks)
        {
            _ticking.TryAdd(patientId, 0);
        }
        else
        {
            _ticking.TryRemove(patientId, out _);
        }
    }

    public Guid[] Ticking() => [.. _ticking.Keys];
}
