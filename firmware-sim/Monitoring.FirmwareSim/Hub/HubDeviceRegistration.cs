namespace Monitoring.FirmwareSim.Hub;

/// <summary>Answer of <c>POST /api/devices</c>: the secret is the device's broker password, shown once.</summary>
public sealed record HubDeviceRegistration(string Id, string Secret);
