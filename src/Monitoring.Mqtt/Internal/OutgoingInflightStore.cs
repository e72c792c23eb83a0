namespace Monitoring.Mqtt.Internal;

/// <summary>
/// The client's half of the session state (spec 4.1): packets sent or to be sent that the broker has not yet
/// answered, indexed by Packet Identifier. Identifiers run 1..65535, wrap, and skip those still in use (spec 2.3.1).
/// </summary>
internal sealed class OutgoingInflightStore
{
    private readonly Lock _lock = new();
    // A dictionary, not a 65,536-slot array: the array cost 512 KiB per client up front, which a
    // simulator holding thousands of device connections cannot afford; in-flight is bounded by MaxInFlight.
    private readonly Dictionary<ushort, InflightOperation> _byId = [];
    private ushort _lastId;
    private long _nextSequence;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byId.Count;
            }
        }
    }

    /// <summary>Gives <paramref name="operation"/> the next free identifier; false when all 65535 are in use.</summary>
    public bool TryAdd(InflightOperation operation)
    {
        lock (_lock)
        {
            if (_byId.Count == ushort.MaxValue)
            {
                return false;
            }

            var id = _lastId;
            do
            {
                id = id == ushort.MaxValue ? (ushort)1 : (ushort)(id + 1);
            }
            while (_byId.ContainsKey(id));

            _lastId = id;
            operation.PacketId = id;
            operation.Sequence = _nextSequence++;
            _byId[id] = operation;
            return true;
        }
    }

    public InflightOperation? Find(ushort packetId)
    {
        lock (_lock)
        {
            return _byId.GetValueOrDefault(packetId);
        }
    }

    /// <summary>Frees the identifier if it still belongs to <paramref name="operation"/>; true exactly once per operation.</summary>
    public bool TryRemove(InflightOperation operation)
    {
        lock (_lock)
        {
            if (!_byId.TryGetValue(operation.PacketId, out var current) || !ReferenceEquals(current, operation))
            {
                return false;
            }

            _byId.Remove(operation.PacketId);
            return true;
        }
    }

    /// <summary>Everything in flight, oldest first: what a reconnect re-sends (spec 4.4, in order per 4.6).</summary>
    public List<InflightOperation> Snapshot()
    {
        lock (_lock)
        {
            var operations = Collect();
            operations.Sort(static (a, b) => a.Sequence.CompareTo(b.Sequence));
            return operations;
        }
    }

    public List<InflightOperation> RemoveAll()
    {
        lock (_lock)
        {
            var operations = Collect();
            _byId.Clear();
            return operations;
        }
    }

    private List<InflightOperation> Collect()
    {
        return [.. _byId.Values];
    }
}
