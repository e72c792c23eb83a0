namespace Monitoring.Hub.Devices;

/// <summary>The (empty) body of <c>POST /api/devices/{id}/unassign</c>.</summary>
public sealed record UnassignDeviceRequest;
