namespace Monitoring.Domain.Alarms;

/// <summary>
/// Finds devices that have gone silent (<c>device_silent</c>, clinical-rules §2: no reading from a
/// bound device for <c>DeviceSilentMinutes</c>) among tens of thousands, without a timer per device
/// and without scanning a table: a priority queue of deadlines (last heard + silence limit).
/// </summary>
/// <remarks>
/// <para>
/// Each device has at most one live entry in the queue. A reading that only pushes the deadline
/// later does not touch the queue (O(1)); when the old entry comes up, it is re-queued at the
/// current deadline (lazy deletion), so <see cref="Observe"/> is O(1) amortised and O(log n) at
/// worst, and <see cref="CollectSilent"/> costs O(log n) per entry it takes out.
/// </para>
/// <para>
/// Pass the time a message from the device <em>arrived</em> as <c>heardAt</c>: silence is about the
/// device reaching the hub, and the arrival time does not depend on the device's clock or on a
/// backlog's old timestamps. Not thread-safe: the alarm service owns one instance and serialises
/// calls. It holds no patient data; on restart the service rebuilds it with <see cref="Restore"/>.
/// </para>
/// </remarks>
public sealed class SilenceWatch
{
    private readonly Dictionary<string, Entry> _devices = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, DateTimeOffset> _deadlines = new();

    /// <summary>How many devices are watched.</summary>
    public int Count => _devices.Count;

    /// <summary>
    /// The earliest time <see cref="CollectSilent"/> could find something (a lower bound: the entry
    /// may have been postponed), or null when nothing is pending. The service can sleep until then.
    /// </summary>
    public DateTimeOffset? NextCheckAt => _deadlines.TryPeek(out _, out var deadline) ? deadline : null;

    /// <summary>
    /// A message from the device arrived at <paramref name="heardAt"/>. Returns the
    /// <see cref="ConditionCleared"/> of <c>device_silent</c> when the device had been reported silent.
    /// </summary>
    /// <param name="deviceId">The device.</param>
    /// <param name="heardAt">When its message arrived.</param>
    /// <param name="silentAfter">Its silence limit (the patient's <c>DeviceSilentMinutes</c>).</param>
    public ConditionCleared? Observe(string deviceId, DateTimeOffset heardAt, TimeSpan silentAfter)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(silentAfter, TimeSpan.Zero);

        if (!_devices.TryGetValue(deviceId, out var entry))
        {
            entry = new Entry { LastHeardAt = heardAt };
            _devices.Add(deviceId, entry);
        }
        else if (heardAt > entry.LastHeardAt)
        {
            entry.LastHeardAt = heardAt;
        }
        else if (entry.Silent)
        {
            // Nothing newer than what made it silent: it stays silent.
            return null;
        }

        var wasSilent = entry.Silent;
        entry.Silent = false;
        entry.Deadline = entry.LastHeardAt + silentAfter;
        Schedule(deviceId, entry);
        return wasSilent ? new ConditionCleared(AlarmKind.DeviceSilent, heardAt) : null;
    }

    /// <summary>
    /// The devices whose deadline is at or before <paramref name="now"/>, each reported once until
    /// it is heard again.
    /// </summary>
    public IReadOnlyList<SilentDevice> CollectSilent(DateTimeOffset now)
    {
        var silent = new List<SilentDevice>();
        while (_deadlines.TryPeek(out var deviceId, out var deadline) && deadline <= now)
        {
            _deadlines.Dequeue();
            if (!_devices.TryGetValue(deviceId, out var entry) || entry.QueuedDeadline != deadline)
            {
                continue; // stale: forgotten, or superseded by an earlier entry
            }

            entry.QueuedDeadline = null;
            if (entry.Deadline > now)
            {
                Schedule(deviceId, entry); // heard since: postpone
                continue;
            }

            entry.Silent = true;
            silent.Add(new SilentDevice(deviceId, entry.LastHeardAt, entry.Deadline));
        }

        return silent;
    }

    /// <summary>Stops watching a device (unassigned, or its patient's home treatment ended).</summary>
    public bool Forget(string deviceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        return _devices.Remove(deviceId);
    }

    /// <summary>
    /// Rebuilds a device's entry after a restart, from the stored last arrival and whether its
    /// <c>device_silent</c> was already reported (so it is not reported twice).
    /// </summary>
    public void Restore(string deviceId, DateTimeOffset lastHeardAt, TimeSpan silentAfter, bool reportedSilent)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(silentAfter, TimeSpan.Zero);

        var entry = new Entry { LastHeardAt = lastHeardAt, Deadline = lastHeardAt + silentAfter, Silent = reportedSilent };
        _devices[deviceId] = entry;
        if (!reportedSilent)
        {
            Schedule(deviceId, entry);
        }
    }

    public bool IsSilent(string deviceId) => _devices.TryGetValue(deviceId, out var entry) && entry.Silent;

    private void Schedule(string deviceId, Entry entry)
    {
        // A queued entry at or before the deadline will come up first and be postponed then.
        if (entry.QueuedDeadline is { } queued && queued <= entry.Deadline)
        {
            return;
        }

        _deadlines.Enqueue(deviceId, entry.Deadline);
        entry.QueuedDeadline = entry.Deadline;
    }

    private sealed class Entry
    {
        public DateTimeOffset LastHeardAt { get; set; }

        public DateTimeOffset Deadline { get; set; }

        /// <summary>The deadline of the device's live queue entry; null when it has none.</summary>
        public DateTimeOffset? QueuedDeadline { get; set; }

        public bool Silent { get; set; }
    }
}
