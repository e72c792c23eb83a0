using Monitoring.Domain.Populations;
using Monitoring.Domain.Risk;

namespace Monitoring.Hub.Registry;

/// <summary>A validated <see cref="PatientRequest"/>; <see cref="Categories"/> holds only recorded (not age-derived) categories.</summary>
public sealed record PatientInput(
    Guid ClinicId,
    string Name,
    DateOnly BirthDate,
    Sex Sex,
    UnderlyingDisease UnderlyingDisease,
    Vaccination Vaccination,
    IReadOnlyList<KeyPopulation> Categories,
    PregnancyRisk? PregnancyRisk,
    int? GestationalWeek,
    bool UrgentNeed,
    string? GridTeam)
{
    public RiskInputs RiskInputs => new(BirthDate, UnderlyingDisease, Vaccination);
}
