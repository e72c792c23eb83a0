namespace Monitoring.Hub.Teams;

public sealed record PatientTeamResponse(Guid PatientId, Guid? TeamId, string? TeamName);
