namespace Monitoring.FirmwareSim.Devices;

/// <summary>
/// How a simulated device behaves. Streaming devices (oximeters, wearables) sample every
/// <see cref="Every"/> of real time, so the hub's 10-second SpO2 rule sees what it would see from a
/// real probe; spot-check devices (thermometers) measure every <see cref="Every"/> of story time,
/// like a patient taking a temperature every half hour of their day (<see cref="EveryOnStoryClock"/>).
/// </summary>
public sealed record DeviceSettings(string Id, DeviceKind Kind, TimeSpan Every, bool EveryOnStoryClock)
{
    /// <summary>Streaming devices add <c>bat</c> to every n-th message; thermometers to every one.</summary>
    public int BatteryEvery { get; init; } = 12;

    /// <summary>Battery drain per story hour (a finger oximeter lasts a few days, a thermometer months).</summary>
    public double BatteryDrainPerHour { get; init; } = DefaultDrain(Kind);

    public static DeviceSettings Default(string id, DeviceKind kind, TimeSpan streamingEvery, TimeSpan spotCheckEvery) =>
        kind == DeviceKind.Thermometer
            ? new DeviceSettings(id, kind, spotCheckEvery, EveryOnStoryClock: true)
            : new DeviceSettings(id, kind, streamingEvery, EveryOnStoryClock: false);

    private static double DefaultDrain(DeviceKind kind) => kind switch
    {
        DeviceKind.Oximeter => 1.2,
        DeviceKind.Wearable => 2.0,
        _ => 0.05,
    };
}
