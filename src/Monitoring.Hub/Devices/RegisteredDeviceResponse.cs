namespace Monitoring.Hub.Devices;

/// <summary>
/// Answer of a registration. <see cref="Secret"/> is the device's broker password: shown this
/// once, stored nowhere by the hub (the broker keeps a salted hash), never logged.
/// </summary>
public sealed record RegisteredDeviceResponse(
    string Id,
    DeviceKind Kind,
    Guid ClinicId,
    DeviceStatus Status,
    DateTimeOffset RegisteredAt,
    string Secret,
    DeviceMqttAccount Mqtt);
