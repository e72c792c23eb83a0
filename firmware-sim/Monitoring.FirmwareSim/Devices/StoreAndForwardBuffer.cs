using Monitoring.Contracts.Senml;

namespace Monitoring.FirmwareSim.Devices;

/// <summary>
/// What a device keeps while it has no connection, uploaded as one SenML pack when it is back
/// (contract: "a device that was offline uploads its backlog"). Bounded like a device's flash: past
/// <see cref="Capacity"/> the oldest readings are overwritten and counted in <see cref="Dropped"/>.
/// The default stays well inside the hub's 20,000 records and 1 MiB per message.
/// </summary>
public sealed class StoreAndForwardBuffer
{
    public const int DefaultCapacity = 10_000;

    private readonly Queue<Reading> _readings = new();
    private readonly List<DeviceEvent> _events = [];

    public StoreAndForwardBuffer(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    public int Capacity { get; }

    public int Count => _readings.Count;

    public int EventCount => _events.Count;

    public long Dropped { get; private set; }

    public void Add(Reading reading)
    {
        if (_readings.Count == Capacity)
        {
            _readings.Dequeue();
            Dropped++;
        }

        _readings.Enqueue(reading);
    }

    public void AddRange(IEnumerable<Reading> readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        foreach (var reading in readings)
        {
            Add(reading);
        }
    }

    public void Add(DeviceEvent deviceEvent) => _events.Add(deviceEvent);

    /// <summary>The buffered readings as one telemetry pack, or null when there are none; the buffer is emptied.</summary>
    public byte[]? DrainTelemetry(string deviceId)
    {
        if (_readings.Count == 0)
        {
            return null;
        }

        var pack = SenmlPacks.Telemetry(deviceId, [.. _readings]);
        _readings.Clear();
        return SenmlWriter.ToUtf8Bytes(pack);
    }

    /// <summary>The buffered events as one events pack, or null; the buffer is emptied.</summary>
    public byte[]? DrainEvents(string deviceId)
    {
        if (_events.Count == 0)
        {
            return null;
        }

        var pack = SenmlPacks.Events(deviceId, _events);
        _events.Clear();
        return SenmlWriter.ToUtf8Bytes(pack);
    }
}
