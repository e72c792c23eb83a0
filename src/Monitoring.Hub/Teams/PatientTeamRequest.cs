namespace Monitoring.Hub.Teams;

/// <summary>Body of <c>PUT /api/patients/{id}/team</c>: the team, or null for none.</summary>
public sealed record PatientTeamRequest(Guid? TeamId);
