namespace Monitoring.Hub.Registry;

public sealed record ClinicResponse(Guid Id, string Name, string TimeZone, DateTimeOffset CreatedAt);
