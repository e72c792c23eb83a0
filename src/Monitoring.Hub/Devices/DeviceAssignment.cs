namespace Monitoring.Hub.Devices;

/// <summary>A device on a patient over [<see cref="FromAt"/>, <see cref="ToAt"/>); <see cref="ToAt"/> null while it still is.</summary>
public sealed record DeviceAssignment(string DeviceId, Guid PatientId, Guid ClinicId, DateTimeOffset FromAt, DateTimeOffset? ToAt);
