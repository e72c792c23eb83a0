namespace Monitoring.Domain.Risk;

/// <summary>
/// Risk tier per 003_b7fae3b13c0d2460.txt, 附件 新冠肺炎相关健康风险评估标准: the table first,
/// the supplementary score only when no row matches ("若存在按照上述评估标准进行评估无法分级标识的,
/// 可采取下表评分方法进行补充评估").
/// </summary>
public static class RiskTierCalculator
{
    public static RiskAssessment Assess(RiskInputs inputs, DateOnly assessedOn)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        CheckDefined(inputs.UnderlyingDisease, nameof(inputs));
        CheckDefined(inputs.Vaccination, nameof(inputs));

        var ageYears = Age.InWholeYears(inputs.BirthDate, assessedOn);
        var row = MatchRow(RiskTable.Rows, ageYears, inputs.UnderlyingDisease, inputs.Vaccination);
        if (row is not null)
        {
            return new RiskAssessment(row.Tier, RiskBasis.ForRow(row), ageYears, assessedOn);
        }

        var basis = Score(ageYears, inputs.UnderlyingDisease, inputs.Vaccination);
        return new RiskAssessment(TierForScore(basis.Score!.Value), basis, ageYears, assessedOn);
    }

    /// <summary>The table row that decides, or null when none matches.</summary>
    public static RiskTableRow? MatchRow(int ageYears, UnderlyingDisease disease, Vaccination vaccination) =>
        MatchRow(RiskTable.Rows, ageYears, disease, vaccination);

    /// <summary>
    /// The supplementary score: age ＜65 / 65-80 / ＞80 = 0 / 1 / 2; disease none / stable /
    /// unstable = 0 / 1 / 2; vaccination full / partial / none = 0 / 1 / 2.
    /// </summary>
    public static RiskBasis Score(int ageYears, UnderlyingDisease disease, Vaccination vaccination)
    {
        var agePoints = Age.BandOf(ageYears) switch
        {
            AgeBand.Under65 => 0,
            AgeBand.From65To80 => 1,
            _ => 2,
        };
        var diseasePoints = disease switch
        {
            UnderlyingDisease.None => 0,
            UnderlyingDisease.Stable => 1,
            UnderlyingDisease.Unstable => 2,
            _ => throw new ArgumentOutOfRangeException(nameof(disease), disease, "Unknown underlying disease status."),
        };
        var vaccinationPoints = vaccination switch
        {
            Vaccination.Full => 0,
            Vaccination.Partial => 1,
            Vaccination.None => 2,
            _ => throw new ArgumentOutOfRangeException(nameof(vaccination), vaccination, "Unknown vaccination status."),
        };
        return RiskBasis.ForScore(agePoints, diseasePoints, vaccinationPoints);
    }

    /// <summary>Score total to tier: 0-1 green, 2-3 yellow, 4-6 red.</summary>
    public static RiskTier TierForScore(int total)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(total, 6);
        return total switch
        {
            <= 1 => RiskTier.Green,
            <= 3 => RiskTier.Yellow,
            _ => RiskTier.Red,
        };
    }

    /// <summary>
    /// The published table has no overlapping rows, but if a table ever did, the most severe
    /// matching row wins (a patient is never under-triaged by row order); among rows of the
    /// same tier the first in table order wins.
    /// </summary>
    internal static RiskTableRow? MatchRow(
        IReadOnlyList<RiskTableRow> rows, int ageYears, UnderlyingDisease disease, Vaccination vaccination)
    {
        RiskTableRow? chosen = null;
        foreach (var row in rows)
        {
            if (row.Matches(ageYears, disease, vaccination) && (chosen is null || row.Tier > chosen.Tier))
            {
                chosen = row;
            }
        }

        return chosen;
    }

    private static void CheckDefined<TEnum>(TEnum value, string paramName)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"Unknown {typeof(TEnum).Name} value.");
        }
    }
}
