namespace Monitoring.FirmwareSim.Hub;

/// <summary>Body of <c>POST /api/patients</c> (contract; enum values as the lower-case wire names).</summary>
public sealed record NewPatient(
    Guid ClinicId,
    string Name,
    DateOnly BirthDate,
    string Sex,
    string UnderlyingDisease,
    string Vaccination,
    IReadOnlyList<string> Categories);
