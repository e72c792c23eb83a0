namespace Monitoring.Domain.Risk;

/// <summary>
/// One row of the risk table: it matches a patient whose whole-year age lies in
/// [<see cref="MinAgeYears"/>, <see cref="MaxAgeYears"/>] and whose disease and vaccination
/// status are among the listed values.
/// </summary>
/// <param name="Id">Stable row id ("G1".."R3"); the dashboard translates by it.</param>
/// <param name="Tier">The tier the row gives.</param>
/// <param name="MinAgeYears">Lowest whole-year age the row covers.</param>
/// <param name="MaxAgeYears">Highest whole-year age the row covers (<see cref="int.MaxValue"/> for no limit).</param>
/// <param name="Diseases">Underlying disease statuses the row covers.</param>
/// <param name="Vaccinations">Vaccination statuses the row covers.</param>
/// <param name="Description">Short English wording of the row's conditions.</param>
public sealed record RiskTableRow(
    string Id,
    RiskTier Tier,
    int MinAgeYears,
    int MaxAgeYears,
    IReadOnlyList<UnderlyingDisease> Diseases,
    IReadOnlyList<Vaccination> Vaccinations,
    string Description)
{
    public bool Matches(int ageYears, UnderlyingDisease disease, Vaccination vaccination) =>
        ageYears >= MinAgeYears
        && ageYears <= MaxAgeYears
        && Diseases.Contains(disease)
        && Vaccinations.Contains(vaccination);
}
