namespace Monitoring.Domain.Risk;

/// <summary>
/// Why a patient got a tier: the table row that matched, or the score with its three item
/// points. The structured fields are primary (the dashboard translates by <see cref="Row"/>);
/// <see cref="Explanation"/> is a short English sentence for logs and tooltips.
/// </summary>
public sealed record RiskBasis
{
    private RiskBasis(
        RiskMethod method,
        string? row,
        int? score,
        int? agePoints,
        int? diseasePoints,
        int? vaccinationPoints,
        string explanation)
    {
        Method = method;
        Row = row;
        Score = score;
        AgePoints = agePoints;
        DiseasePoints = diseasePoints;
        VaccinationPoints = vaccinationPoints;
        Explanation = explanation;
    }

    public RiskMethod Method { get; }

    /// <summary>"G1".."R3" when <see cref="Method"/> is <see cref="RiskMethod.Table"/>, otherwise null.</summary>
    public string? Row { get; }

    /// <summary>The score total (0-6) when <see cref="Method"/> is <see cref="RiskMethod.Score"/>, otherwise null.</summary>
    public int? Score { get; }

    public int? AgePoints { get; }

    public int? DiseasePoints { get; }

    public int? VaccinationPoints { get; }

    public string Explanation { get; }

    public static RiskBasis ForRow(RiskTableRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new RiskBasis(RiskMethod.Table, row.Id, null, null, null, null,
            $"Table row {row.Id}: {row.Description}.");
    }

    /// <summary>A score basis; each item is worth 0, 1 or 2 points.</summary>
    public static RiskBasis ForScore(int agePoints, int diseasePoints, int vaccinationPoints)
    {
        CheckPoints(agePoints, nameof(agePoints));
        CheckPoints(diseasePoints, nameof(diseasePoints));
        CheckPoints(vaccinationPoints, nameof(vaccinationPoints));
        var total = agePoints + diseasePoints + vaccinationPoints;
        return new RiskBasis(RiskMethod.Score, null, total, agePoints, diseasePoints, vaccinationPoints,
            $"No table row matches; score {total} = age {agePoints} + underlying disease {diseasePoints}"
            + $" + vaccination {vaccinationPoints} (0-1 green, 2-3 yellow, 4-6 red).");
    }

    private static void CheckPoints(int points, string paramName)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(points, paramName);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(points, 2, paramName);
    }
}
