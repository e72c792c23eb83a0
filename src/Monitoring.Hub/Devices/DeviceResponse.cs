namespace Monitoring.Hub.Devices;

/// <summary>A device as the API shows it, with the patient it is on now (and since when), if any.</summary>
public sealed record DeviceResponse(
    string Id,
    DeviceKind Kind,
    Guid ClinicId,
    DeviceStatus Status,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? RevokedAt,
    Guid? PatientId,
    DateTimeOffset? AssignedAt);
