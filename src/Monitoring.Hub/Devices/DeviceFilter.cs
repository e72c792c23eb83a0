namespace Monitoring.Hub.Devices;

/// <summary>The optional filters of <c>GET /api/devices</c>; null means "any". <see cref="PatientId"/>: assigned to that patient now.</summary>
public sealed record DeviceFilter(Guid? ClinicId, DeviceKind? Kind, DeviceStatus? Status, Guid? PatientId);
