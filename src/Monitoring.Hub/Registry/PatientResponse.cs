using System.Text.Json.Serialization;
using Monitoring.Domain.Risk;

namespace Monitoring.Hub.Registry;

/// <summary>
/// A patient as the API shows it. <see cref="AgeYears"/> and the age-derived categories are
/// computed at the clinic-local date of the request; the tier is the one stored at the last
/// change (with its basis). <see cref="TierHistory"/> and <see cref="CurrentEpisode"/> appear on
/// <c>GET /api/patients/{id}</c> only. <see cref="GridTeam"/> is the old free-text label;
/// <see cref="TeamId"/> is the grid team (包保小分队, 004 §7) set by <c>PUT /api/patients/{id}/team</c>.
/// </summary>
public sealed record PatientResponse(
    Guid Id,
    Guid ClinicId,
    string Name,
    DateOnly BirthDate,
    int AgeYears,
    Sex Sex,
    UnderlyingDisease UnderlyingDisease,
    Vaccination Vaccination,
    IReadOnlyList<string> Categories,
    PregnancyResponse? Pregnancy,
    bool UrgentNeed,
    int ServiceLevel,
    string? GridTeam,
    Guid? TeamId,
    RiskTier RiskTier,
    RiskBasisResponse RiskBasis,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<TierHistoryEntry>? TierHistory { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public EpisodeResponse? CurrentEpisode { get; init; }
}
