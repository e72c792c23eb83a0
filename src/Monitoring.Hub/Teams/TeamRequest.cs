namespace Monitoring.Hub.Teams;

/// <summary>Body of <c>POST /api/teams</c> and <c>PUT /api/teams/{id}</c> (members are replaced whole).</summary>
public sealed record TeamRequest(Guid? ClinicId, string? Name, IReadOnlyList<TeamMemberRequest?>? Members);
