namespace Monitoring.FirmwareSim.Hub;

/// <summary>A patient to register: the inputs of the hub's risk tier (age, underlying disease, vaccination) and more.</summary>
public sealed record PatientSpec(
    string Name,
    DateOnly BirthDate,
    string Sex,
    string UnderlyingDisease,
    string Vaccination,
    IReadOnlyList<string> Categories)
{
    public NewPatient ForClinic(Guid clinicId) => new(clinicId, Name, BirthDate, Sex, UnderlyingDisease, Vaccination, Categories);
}
