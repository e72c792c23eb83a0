namespace Monitoring.Hub.Registry;

public sealed record CreateClinicRequest(string? Name, string? TimeZone);
