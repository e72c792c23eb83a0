namespace Monitoring.Hub.Teams;

/// <summary>A grid team with its members and how many patients it looks after.</summary>
public sealed record TeamResponse(
    Guid Id, Guid ClinicId, string Name, IReadOnlyList<TeamMemberResponse> Members, int Patients, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
