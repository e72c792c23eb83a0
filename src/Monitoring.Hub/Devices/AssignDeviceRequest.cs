namespace Monitoring.Hub.Devices;

public sealed record AssignDeviceRequest(Guid? PatientId);
