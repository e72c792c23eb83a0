using Monitoring.Domain.Teams;

namespace Monitoring.Hub.Teams;

public sealed record TeamMemberRequest(string? Name, TeamMemberRole? Role, string? Phone);
