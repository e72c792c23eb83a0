using Monitoring.Hub.Alarms.Storage;

namespace Monitoring.Hub.Alarms.Grains;

/// <summary>
/// What the watch sweep tells a patient's grain: its devices to watch for silence now
/// (<see cref="Devices"/>), and the devices its stored rule state lists as silent (<see cref="ListedSilent"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.alarms.watch")]
public sealed record WatchOrder([property: Id(0)] WatchedDeviceMessage[] Devices, [property: Id(1)] string[] ListedSilent);

/// <summary>A device to watch (<see cref="WatchedDevice"/> as a grain message).</summary>
[GenerateSerializer, Immutable, Alias("monitoring.alarms.watched-device")]
public sealed record WatchedDeviceMessage(
    [property: Id(0)] string DeviceId,
    [property: Id(1)] Guid PatientId,
    [property: Id(2)] Guid ClinicId,
    [property: Id(3)] DateTimeOffset LastHeardAt,
    [property: Id(4)] bool ReportedSilent)
{
    internal static WatchedDeviceMessage From(WatchedDevice device) =>
        new(device.DeviceId, device.PatientId, device.ClinicId, device.LastHeardAt, device.ReportedSilent);

    internal WatchedDevice ToDevice() =>
        new() { DeviceId = DeviceId, PatientId = PatientId, ClinicId = ClinicId, LastHeardAt = LastHeardAt, ReportedSilent = ReportedSilent };
}
