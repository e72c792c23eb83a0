namespace Monitoring.Hub.Devices;

/// <summary>Body of <c>POST /api/devices</c>; <c>clinicId</c> is required for an administrator, a doctor's device belongs to the doctor's clinic.</summary>
public sealed record RegisterDeviceRequest(string? Id, DeviceKind? Kind, Guid? ClinicId);
