using Monitoring.Domain.Thresholds;

namespace Monitoring.Domain.Alarms;

/// <summary>
/// <c>battery_low</c>: battery at or below <see cref="AlarmThresholds.BatteryLowAtOrBelow"/> (15 alarms,
/// 15.1 does not); clears when above. Monitoring practice (clinical-rules §2).
/// </summary>
/// <remarks>
/// Tracked per device, since a patient may wear an oximeter and a thermometer: the patient's one
/// <c>battery_low</c> alarm is on while any device is low, and clears when none is. A battery
/// reading older than the device's newest is stale and ignored.
/// </remarks>
internal static class BatteryLowRule
{
    public static IReadOnlyList<BatteryDeviceState> Apply(
        IReadOnlyList<BatteryDeviceState> devices,
        VitalReading reading,
        AlarmThresholds thresholds,
        bool late,
        List<AlarmDecision> decisions)
    {
        var previous = devices.FirstOrDefault(device => device.DeviceId == reading.DeviceId);
        if (previous is not null && reading.At < previous.LastAt)
        {
            return devices;
        }

        var low = reading.Value <= thresholds.BatteryLowAtOrBelow;
        var next = devices
            .Where(device => device.DeviceId != reading.DeviceId)
            .Append(new BatteryDeviceState(reading.DeviceId, reading.At, low))
            .OrderBy(device => device.DeviceId, StringComparer.Ordinal)
            .ToList();
        var lowDevices = string.Join(", ", next.Where(device => device.Low).Select(device => device.DeviceId));

        if (low)
        {
            decisions.Add(devices.Any(device => device.Low)
                ? new Update(AlarmKind.BatteryLow, reading.Value, thresholds.BatteryLowAtOrBelow, lowDevices, reading.At, late)
                : new Raise(AlarmKind.BatteryLow, AlarmCatalog.PriorityOf(AlarmKind.BatteryLow), reading.Value,
                    thresholds.BatteryLowAtOrBelow, lowDevices, reading.At, late));
        }
        else if (previous?.Low == true && lowDevices.Length == 0)
        {
            decisions.Add(new ConditionCleared(AlarmKind.BatteryLow, reading.At));
        }

        return next;
    }
}
