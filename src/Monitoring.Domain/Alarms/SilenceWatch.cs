namespace Monitoring.Domain.Alarms;

/// <summary>
/// Finds a patient's devices that have gone silent (<c>device_silent</c>, clinical-rules §2: no
/// reading from a bound device for <c>DeviceSilentMinutes</c>), without a timer per device: each
/// device's deadline (last heard + silence limit), checked when the engine ticks.
/// </summary>
/// <remarks>
/// <para>
/// One per patient (a patient's grain owns it), so it watches a handful of devices: they are kept
/// in one small array and scanned, which costs a grain about 100 bytes where a dictionary and a
/// priority queue per patient cost about 600 (10,000s of patients per hub).
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
    private Entry[] _devices = [];
    private int _count;

    /// <summary>How many devices are watched.</summary>
    public int Count => _count;

    /// <summary>The watched devices.</summary>
    public IEnumerable<string> Devices => _devices.Take(_count).Select(d => d.DeviceId);

    /// <summary>
    /// The earliest time <see cref="CollectSilent"/> could find something, or null when nothing is
    /// pending. The service can sleep until then.
    /// </summary>
    public DateTimeOffset? NextCheckAt
    {
        get
        {
            DateTimeOffset? next = null;
            for (var i = 0; i < _count; i++)
            {
                if (!_devices[i].Silent && (next is null || _devices[i].Deadline < next))
                {
                    next = _devices[i].Deadline;
                }
            }

            return next;
        }
    }

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

        var index = IndexOf(deviceId);
        if (index < 0)
        {
            index = Add(new Entry { DeviceId = deviceId, LastHeardAt = heardAt });
        }
        else if (heardAt > _devices[index].LastHeardAt)
        {
            _devices[index].LastHeardAt = heardAt;
        }
        else if (_devices[index].Silent)
        {
            // Nothing newer than what made it silent: it stays silent.
            return null;
        }

        ref var entry = ref _devices[index];
        var wasSilent = entry.Silent;
        entry.Silent = false;
        entry.Deadline = entry.LastHeardAt + silentAfter;
        return wasSilent ? new ConditionCleared(AlarmKind.DeviceSilent, heardAt) : null;
    }

    /// <summary>
    /// The devices whose deadline is at or before <paramref name="now"/>, earliest deadline first,
    /// each reported once until it is heard again.
    /// </summary>
    public IReadOnlyList<SilentDevice> CollectSilent(DateTimeOffset now)
    {
        List<SilentDevice>? silent = null;
        for (var i = 0; i < _count; i++)
        {
            ref var entry = ref _devices[i];
            if (!entry.Silent && entry.Deadline <= now)
            {
                entry.Silent = true;
                (silent ??= []).Add(new SilentDevice(entry.DeviceId, entry.LastHeardAt, entry.Deadline));
            }
        }

        if (silent is null)
        {
            return [];
        }

        silent.Sort((a, b) => a.SilentAt.CompareTo(b.SilentAt));
        return silent;
    }

    /// <summary>Stops watching a device (unassigned, or its patient's home treatment ended).</summary>
    public bool Forget(string deviceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        var index = IndexOf(deviceId);
        if (index < 0)
        {
            return false;
        }

        _devices[index] = _devices[--_count];
        _devices[_count] = default;
        return true;
    }

    /// <summary>The device is watched.</summary>
    public bool Contains(string deviceId) => IndexOf(deviceId) >= 0;

    /// <summary>
    /// Rebuilds a device's entry after a restart, from the stored last arrival and whether its
    /// <c>device_silent</c> was already reported (so it is not reported twice).
    /// </summary>
    public void Restore(string deviceId, DateTimeOffset lastHeardAt, TimeSpan silentAfter, bool reportedSilent)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(silentAfter, TimeSpan.Zero);

        var entry = new Entry { DeviceId = deviceId, LastHeardAt = lastHeardAt, Deadline = lastHeardAt + silentAfter, Silent = reportedSilent };
        var index = IndexOf(deviceId);
        if (index < 0)
        {
            Add(entry);
        }
        else
        {
            _devices[index] = entry;
        }
    }

    public bool IsSilent(string deviceId) => IndexOf(deviceId) is var index and >= 0 && _devices[index].Silent;

    private int IndexOf(string deviceId)
    {
        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(_devices[i].DeviceId, deviceId, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private int Add(Entry entry)
    {
        if (_count == _devices.Length)
        {
            // Exactly as many slots as devices for the usual one or two; doubling past four.
            Array.Resize(ref _devices, _count < 4 ? _count + 1 : _count * 2);
        }

        _devices[_count] = entry;
        return _count++;
    }

    private struct Entry
    {
        public string DeviceId;
        public DateTimeOffset LastHeardAt;
        public DateTimeOffset Deadline;
        public bool Silent;
    }
}
