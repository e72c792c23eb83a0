namespace Monitoring.Hub.Teams;

public sealed record TeamMemberResponse(string Name, string Role, string? Phone);
