namespace Monitoring.Mqtt.Internal;

/// <summary>
/// The client's half of the session state (spec 4.1): packets sent or to be sent that the broker has not yet
/// answered, indexed by Packet Identifier. Identifiers run 1..65535, wrap, and skip those still in use (spec 2.3.1).
/// </summary>
internal sealed class OutgoingInflightStore
{
    private readonly Lock _lock = new();
    private readonly InflightOperation?[] _byId = new InflightOperation?[ushort.MaxValue + 1];
    private int _count;
    private ushort _lastId;
    private long _nextSequence;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>Gives <paramref name="operation"/> the next free identifier; false when all 65535 are in use.</summary>
    public bool TryAdd(InflightOperation operation)
    {
        lock (_lock)
        {
            if (_count == ushort.MaxValue)
            {
                return false;
            }

            var id = _lastId;
            do
            {
                id = id == ushort.MaxValue ? (ushort)1 : (ushort)(id + 1);
            }
            while (_byId[id] is not null);

            _lastId = id;
            operation.PacketId = id;
            operation.Sequence = _nextSequence++;
            _byId[id] = operation;
            _count++;
            return true;
        }
    }

    public InflightOperation? Find(ushort packetId)
    {
        lock (_lock)
        {
            return _byId[packetId];
        }
    }

    /// <summary>Frees the identifier if it still belongs to <paramref name="operation"/>; true exactly once per operation.</summary>
    public bool TryRemove(InflightOperation operation)
    {
        lock (_lock)
        {
            if (!ReferenceEquals(_byId[operation.PacketId], operation))
            {
                return false;
            }

            _byId[operation.PacketId] = null;
            _count--;
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
            Array.Clear(_byId);
            _count = 0;
            return operations;
        }
    }

    private List<InflightOperation> Collect()
    {
        var operations = new List<InflightOperation>(_count);
        for (var id = 1; id < _byId.Length && operations.Count < _count; id++)
        {
            if (_byId[id] is { } operation)
            {
                operations.Add(operation);
            }
        }

        return operations;
    }
}
