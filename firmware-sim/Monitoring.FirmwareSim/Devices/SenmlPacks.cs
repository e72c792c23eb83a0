using Monitoring.Contracts.Metrics;
using Monitoring.Contracts.Senml;
using Monitoring.Contracts.Topics;

namespace Monitoring.FirmwareSim.Devices;

/// <summary>
/// Builds the SenML packs a device sends (contract, MQTT; RFC 8428) from readings, using the
/// Contracts record type and writer: the first record carries the base name and base time, the
/// others a time relative to it, so a backlog of hours is one pack with absolute times intact.
/// </summary>
public static class SenmlPacks
{
    public static IReadOnlyList<SenmlRecord> Telemetry(string deviceId, IReadOnlyList<Reading> readings)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        ArgumentNullException.ThrowIfNull(readings);
        if (readings.Count == 0)
        {
            throw new ArgumentException("A pack needs at least one reading.", nameof(readings));
        }

        var ordered = readings.OrderBy(r => r.Time).ToList();
        var baseMilliseconds = ordered[0].Time.ToUnixTimeMilliseconds();
        var records = new List<SenmlRecord>(ordered.Count);
        foreach (var reading in ordered)
        {
            if (!VitalMetrics.TryGet(reading.Name, out var metric))
            {
                throw new ArgumentException($"'{reading.Name}' is not a telemetry name of the contract.", nameof(readings));
            }

            var offset = (reading.Time.ToUnixTimeMilliseconds() - baseMilliseconds) / 1000.0;
            records.Add(records.Count == 0
                ? new SenmlRecord
                {
                    BaseName = DeviceIds.BaseName(deviceId),
                    BaseTime = baseMilliseconds / 1000.0,
                    Name = metric.Name,
                    Unit = metric.Unit,
                    Value = reading.Value,
                }
                : new SenmlRecord
                {
                    Name = metric.Name,
                    Unit = metric.Unit,
                    Value = reading.Value,
                    Time = offset == 0 ? null : offset,
                });
        }

        return records;
    }

    public static IReadOnlyList<SenmlRecord> Events(string deviceId, IReadOnlyList<DeviceEvent> events)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            throw new ArgumentException("A pack needs at least one event.", nameof(events));
        }

        var ordered = events.OrderBy(e => e.Time).ToList();
        var baseMilliseconds = ordered[0].Time.ToUnixTimeMilliseconds();
        var records = new List<SenmlRecord>(ordered.Count);
        foreach (var e in ordered)
        {
            var offset = (e.Time.ToUnixTimeMilliseconds() - baseMilliseconds) / 1000.0;
            var record = new SenmlRecord { Name = e.Name, StringValue = e.Text, BoolValue = e.Text is null ? e.Flag : null };
            records.Add(records.Count == 0
                ? record with { BaseName = DeviceIds.BaseName(deviceId), BaseTime = baseMilliseconds / 1000.0 }
                : record with { Time = offset == 0 ? null : offset });
        }

        return records;
    }
}
