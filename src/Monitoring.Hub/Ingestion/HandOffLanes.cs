namespace Monitoring.Hub.Ingestion;

/// <summary>
/// Parsed messages waiting for their hand-off to the alarm engine and InfluxDB, where the hub holds
/// its backlog (at most <c>capacity</c> messages; when full the parser waits, then the MQTT read loop).
/// The hand-off takes them in arrival order, except that a patient with an urgent message
/// (<see cref="PreparedMessage.Urgent"/>) has all of its waiting messages taken first, in their own
/// order: a desaturation reaches its grain after the hand-off under way, not behind the whole backlog,
/// and the grain still sees that patient's readings in arrival order.
/// </summary>
/// <remarks>
/// One producer (the parser) and one consumer (the hand-off). A message holding readings of two
/// patients (a device handed over within its backlog) ties them: both patients' waiting messages go
/// together, so neither is reordered.
/// </remarks>
internal sealed class HandOffLanes(int capacity)
{
    private readonly LinkedList<PreparedMessage> _waiting = new();
    private readonly SemaphoreSlim _space = new(capacity, capacity);
    private readonly Lock _lock = new();
    private TaskCompletionSource? _taker;
    private int _urgent;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>Adds a message behind the others; waits while <c>capacity</c> messages wait.</summary>
    public async ValueTask AddAsync(PreparedMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        await _space.WaitAsync(ct);
        TaskCompletionSource? taker;
        lock (_lock)
        {
            _waiting.AddLast(message);
            if (message.Urgent)
            {
                _urgent++;
            }

            taker = _taker;
            _taker = null;
        }

        taker?.TrySetResult();
    }

    /// <summary>
    /// The next hand-off: every waiting message of the patients with an urgent one (however many),
    /// then the oldest others, up to <paramref name="max"/> messages in all. Waits while none wait.
    /// </summary>
    public async ValueTask<List<PreparedMessage>> TakeAsync(int max, CancellationToken ct)
    {
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (_waiting.Count > 0)
                {
                    var taken = _urgent > 0 ? TakeUrgentFirst(max) : TakeOldest(max, []);
                    _space.Release(taken.Count);
                    return taken;
                }

                _taker ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _taker.Task;
            }

            await wait.WaitAsync(ct);
        }
    }

    private List<PreparedMessage> TakeUrgentFirst(int max)
    {
        var patients = new HashSet<Guid>();
        foreach (var message in _waiting)
        {
            if (message.Urgent)
            {
                AddPatients(patients, message);
            }
        }

        // A message of two patients ties them (rare): grow the set until no waiting message joins it.
        for (var grown = true; grown;)
        {
            grown = false;
            foreach (var message in _waiting)
            {
                if (!ReadingsOfOnePatient(message) && Touches(patients, message) && AddPatients(patients, message))
                {
                    grown = true;
                }
            }
        }

        var taken = new List<PreparedMessage>();
        for (var node = _waiting.First; node is not null;)
        {
            var next = node.Next;
            if (Touches(patients, node.Value))
            {
                taken.Add(node.Value);
                Remove(node);
            }

            node = next;
        }

        return TakeOldest(max, taken);
    }

    /// <summary>Adds the oldest waiting messages to <paramref name="taken"/> until it holds <paramref name="max"/>.</summary>
    private List<PreparedMessage> TakeOldest(int max, List<PreparedMessage> taken)
    {
        while (taken.Count < max && _waiting.First is { } first)
        {
            taken.Add(first.Value);
            Remove(first);
        }

        return taken;
    }

    private void Remove(LinkedListNode<PreparedMessage> node)
    {
        if (node.Value.Urgent)
        {
            _urgent--;
        }

        _waiting.Remove(node);
    }

    private static bool ReadingsOfOnePatient(PreparedMessage message)
    {
        var first = message.Readings[0].PatientId;
        foreach (var reading in message.Readings)
        {
            if (reading.PatientId != first)
            {
                return false;
            }
        }

        return true;
    }

    private static bool Touches(HashSet<Guid> patients, PreparedMessage message)
    {
        foreach (var reading in message.Readings)
        {
            if (patients.Contains(reading.PatientId))
            {
                return true;
            }
        }

        return false;
    }

    private static bool AddPatients(HashSet<Guid> patients, PreparedMessage message)
    {
        var added = false;
        foreach (var reading in message.Readings)
        {
            added |= patients.Add(reading.PatientId);
        }

        return added;
    }
}
