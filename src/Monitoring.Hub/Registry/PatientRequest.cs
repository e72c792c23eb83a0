using Monitoring.Domain.Risk;

namespace Monitoring.Hub.Registry;

/// <summary>
/// Body of <c>POST /api/patients</c> and <c>PUT /api/patients/{id}</c> (a full replacement:
/// omitted optional fields are cleared). Everything is nullable so a missing field is reported
/// by name instead of failing deserialization.
/// </summary>
public sealed record PatientRequest(
    Guid? ClinicId,
    string? Name,
    DateOnly? BirthDate,
    Sex? Sex,
    UnderlyingDisease? UnderlyingDisease,
    Vaccination? Vaccination,
    IReadOnlyList<string?>? Categories,
    PregnancyRequest? Pregnancy,
    bool? UrgentNeed,
    string? GridTeam);
