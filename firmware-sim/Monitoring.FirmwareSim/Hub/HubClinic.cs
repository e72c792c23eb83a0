namespace Monitoring.FirmwareSim.Hub;

/// <summary>A clinic as <c>/api/clinics</c> answers it (the fields the simulator uses).</summary>
public sealed record HubClinic(Guid Id, string Name, string TimeZone);
