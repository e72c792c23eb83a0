using Monitoring.FirmwareSim.Physiology;

namespace Monitoring.FirmwareSim.Scenarios;

/// <summary>
/// The scenario's patient: what the hub is told (a birth date, or an age the birth date is derived
/// from on the day of the run) and the body's baseline.
/// </summary>
public sealed record ScenarioPatient(
    string Name,
    DateOnly? BirthDate,
    int? AgeYears,
    string Sex,
    string UnderlyingDisease,
    string Vaccination,
    IReadOnlyList<string> Categories,
    PatientProfile Profile)
{
    public DateOnly BirthDateOn(DateOnly today) => BirthDate ?? today.AddYears(-(AgeYears ?? 0)).AddDays(-100);
}
