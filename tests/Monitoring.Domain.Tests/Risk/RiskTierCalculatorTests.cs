using Monitoring.Domain.Risk;
using static Monitoring.Domain.Tests.Dates;

namespace Monitoring.Domain.Tests.Risk;

// Every rule here is 003_b7fae3b13c0d2460.txt, 附件 新冠肺炎相关健康风险评估标准 (the table, then
// "若存在按照上述评估标准进行评估无法分级标识的, 可采取下表评分方法进行补充评估"), unless noted.
public sealed class RiskTierCalculatorTests
{
    private static readonly DateOnly AssessedOn = D("2023-06-15");

    private static RiskAssessment AssessAtAge(int ageYears, UnderlyingDisease disease, Vaccination vaccination) =>
        RiskTierCalculator.Assess(new RiskInputs(BornYearsBefore(ageYears, AssessedOn), disease, vaccination), AssessedOn);

    // One or more patients per table row, at the row's age edges where it has them.
    [Theory]
    // G1 绿色: 年龄＜80岁; 无基础疾病 (any vaccination).
    [InlineData(0, UnderlyingDisease.None, Vaccination.None, RiskTier.Green, "G1")]
    [InlineData(40, UnderlyingDisease.None, Vaccination.Full, RiskTier.Green, "G1")]
    [InlineData(79, UnderlyingDisease.None, Vaccination.Partial, RiskTier.Green, "G1")]
    // G2 绿色: 年龄＜80岁; 基础疾病稳定; 全程接种疫苗.
    [InlineData(30, UnderlyingDisease.Stable, Vaccination.Full, RiskTier.Green, "G2")]
    [InlineData(79, UnderlyingDisease.Stable, Vaccination.Full, RiskTier.Green, "G2")]
    // Y1 黄色: 年龄＜65岁; 基础疾病不稳定; 全程接种疫苗.
    [InlineData(18, UnderlyingDisease.Unstable, Vaccination.Full, RiskTier.Yellow, "Y1")]
    [InlineData(64, UnderlyingDisease.Unstable, Vaccination.Full, RiskTier.Yellow, "Y1")]
    // Y2 黄色: 年龄65-80岁; 基础疾病稳定; 未全程接种疫苗 (partial or none).
    [InlineData(65, UnderlyingDisease.Stable, Vaccination.Partial, RiskTier.Yellow, "Y2")]
    [InlineData(80, UnderlyingDisease.Stable, Vaccination.None, RiskTier.Yellow, "Y2")]
    // Y3 黄色: 年龄＞80岁; 无基础疾病或基础疾病稳定; 全程接种疫苗.
    [InlineData(81, UnderlyingDisease.None, Vaccination.Full, RiskTier.Yellow, "Y3")]
    [InlineData(95, UnderlyingDisease.Stable, Vaccination.Full, RiskTier.Yellow, "Y3")]
    // R1 红色: 年龄＜65岁; 基础疾病不稳定; 未全程接种疫苗.
    [InlineData(50, UnderlyingDisease.Unstable, Vaccination.Partial, RiskTier.Red, "R1")]
    [InlineData(64, UnderlyingDisease.Unstable, Vaccination.None, RiskTier.Red, "R1")]
    // R2 红色: 年龄65-80岁; 基础疾病不稳定; 无论是否全程接种疫苗.
    [InlineData(65, UnderlyingDisease.Unstable, Vaccination.Full, RiskTier.Red, "R2")]
    [InlineData(72, UnderlyingDisease.Unstable, Vaccination.Partial, RiskTier.Red, "R2")]
    [InlineData(80, UnderlyingDisease.Unstable, Vaccination.None, RiskTier.Red, "R2")]
    // R3 红色: 年龄＞80岁; 基础疾病稳定或不稳定; 未全程接种疫苗.
    [InlineData(81, UnderlyingDisease.Stable, Vaccination.Partial, RiskTier.Red, "R3")]
    [InlineData(90, UnderlyingDisease.Unstable, Vaccination.None, RiskTier.Red, "R3")]
    public void TableRowDecidesTheTier(
        int ageYears, UnderlyingDisease disease, Vaccination vaccination, RiskTier tier, string row)
    {
        var assessment = AssessAtAge(ageYears, disease, vaccination);

        Assert.Equal(tier, assessment.Tier);
        Assert.Equal(RiskMethod.Table, assessment.Basis.Method);
        Assert.Equal(row, assessment.Basis.Row);
        Assert.Null(assessment.Basis.Score);
        Assert.Null(assessment.Basis.AgePoints);
        Assert.Equal(ageYears, assessment.AgeYears);
    }

    // Every combination no row covers, with its score: age ＜65/65-80/＞80 = 0/1/2, disease
    // none/stable/unstable = 0/1/2, vaccination full/partial/none = 0/1/2; 0-1 green, 2-3 yellow, 4-6 red.
    [Theory]
    [InlineData(50, UnderlyingDisease.Stable, Vaccination.Partial, 0, 1, 1, 2, RiskTier.Yellow)]
    [InlineData(50, UnderlyingDisease.Stable, Vaccination.None, 0, 1, 2, 3, RiskTier.Yellow)]
    [InlineData(80, UnderlyingDisease.None, Vaccination.Full, 1, 0, 0, 1, RiskTier.Green)]
    [InlineData(80, UnderlyingDisease.None, Vaccination.Partial, 1, 0, 1, 2, RiskTier.Yellow)]
    [InlineData(80, UnderlyingDisease.None, Vaccination.None, 1, 0, 2, 3, RiskTier.Yellow)]
    [InlineData(80, UnderlyingDisease.Stable, Vaccination.Full, 1, 1, 0, 2, RiskTier.Yellow)]
    [InlineData(85, UnderlyingDisease.None, Vaccination.Partial, 2, 0, 1, 3, RiskTier.Yellow)]
    [InlineData(85, UnderlyingDisease.None, Vaccination.None, 2, 0, 2, 4, RiskTier.Red)]
    [InlineData(85, UnderlyingDisease.Unstable, Vaccination.Full, 2, 2, 0, 4, RiskTier.Red)]
    public void UnmatchedPatientFallsToTheScore(
        int ageYears,
        UnderlyingDisease disease,
        Vaccination vaccination,
        int agePoints,
        int diseasePoints,
        int vaccinationPoints,
        int total,
        RiskTier tier)
    {
        var assessment = AssessAtAge(ageYears, disease, vaccination);

        Assert.Equal(tier, assessment.Tier);
        Assert.Equal(RiskMethod.Score, assessment.Basis.Method);
        Assert.Null(assessment.Basis.Row);
        Assert.Equal(total, assessment.Basis.Score);
        Assert.Equal(agePoints, assessment.Basis.AgePoints);
        Assert.Equal(diseasePoints, assessment.Basis.DiseasePoints);
        Assert.Equal(vaccinationPoints, assessment.Basis.VaccinationPoints);
    }

    // Score totals 1-4 are reached through the score path (see UnmatchedPatientFallsToTheScore);
    // this checks exhaustively that 0, 5 and 6 never are.
    [Fact]
    public void ScorePathOnlyEverReachesTotalsOneToFour()
    {
        var totals = new SortedSet<int>();
        for (var ageYears = 0; ageYears <= 120; ageYears++)
        {
            foreach (var disease in Enum.GetValues<UnderlyingDisease>())
            {
                foreach (var vaccination in Enum.GetValues<Vaccination>())
                {
                    var basis = AssessAtAge(ageYears, disease, vaccination).Basis;
                    if (basis.Method == RiskMethod.Score)
                    {
                        totals.Add(basis.Score!.Value);
                    }
                }
            }
        }

        Assert.Equal([1, 2, 3, 4], totals);
    }

    // The inputs that would score 0, 5 or 6 are all covered by a row of the same tier.
    [Theory]
    [InlineData(40, UnderlyingDisease.None, Vaccination.Full, 0, RiskTier.Green, "G1")]
    [InlineData(85, UnderlyingDisease.Unstable, Vaccination.Partial, 5, RiskTier.Red, "R3")]
    [InlineData(85, UnderlyingDisease.Stable, Vaccination.None, 5, RiskTier.Red, "R3")]
    [InlineData(85, UnderlyingDisease.Unstable, Vaccination.None, 6, RiskTier.Red, "R3")]
    public void ScoreTotalsZeroFiveAndSixAreDecidedByARowOfTheSameTier(
        int ageYears, UnderlyingDisease disease, Vaccination vaccination, int total, RiskTier tier, string row)
    {
        var score = RiskTierCalculator.Score(ageYears, disease, vaccination);
        Assert.Equal(RiskMethod.Score, score.Method);
        Assert.Equal(total, score.Score);
        Assert.Equal(tier, RiskTierCalculator.TierForScore(total));

        var assessment = AssessAtAge(ageYears, disease, vaccination);
        Assert.Equal(row, assessment.Basis.Row);
        Assert.Equal(tier, assessment.Tier);
    }

    // 评分: 绿色 0-1, 黄色 2-3, 红色 4-6.
    [Theory]
    [InlineData(0, RiskTier.Green)]
    [InlineData(1, RiskTier.Green)]
    [InlineData(2, RiskTier.Yellow)]
    [InlineData(3, RiskTier.Yellow)]
    [InlineData(4, RiskTier.Red)]
    [InlineData(5, RiskTier.Red)]
    [InlineData(6, RiskTier.Red)]
    public void ScoreTotalMapsToTier(int total, RiskTier tier) =>
        Assert.Equal(tier, RiskTierCalculator.TierForScore(total));

    [Theory]
    [InlineData(-1)]
    [InlineData(7)]
    public void ScoreTotalOutsideZeroToSixIsRejected(int total) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RiskTierCalculator.TierForScore(total));

    // Age boundaries 64/65, 79/80, 80/81: the birthday on the assessment date, and the day before.
    // "65-80岁" includes 65 and 80; the green rows say "＜80岁".
    [Theory]
    [InlineData("1958-06-15", "2023-06-14", UnderlyingDisease.Stable, Vaccination.Partial, 64, RiskTier.Yellow, null, 2)]
    [InlineData("1958-06-15", "2023-06-15", UnderlyingDisease.Stable, Vaccination.Partial, 65, RiskTier.Yellow, "Y2", null)]
    [InlineData("1958-06-15", "2023-06-14", UnderlyingDisease.Unstable, Vaccination.Full, 64, RiskTier.Yellow, "Y1", null)]
    [InlineData("1958-06-15", "2023-06-15", UnderlyingDisease.Unstable, Vaccination.Full, 65, RiskTier.Red, "R2", null)]
    [InlineData("1943-06-15", "2023-06-14", UnderlyingDisease.Stable, Vaccination.Full, 79, RiskTier.Green, "G2", null)]
    [InlineData("1943-06-15", "2023-06-15", UnderlyingDisease.Stable, Vaccination.Full, 80, RiskTier.Yellow, null, 2)]
    [InlineData("1943-06-15", "2023-06-14", UnderlyingDisease.None, Vaccination.None, 79, RiskTier.Green, "G1", null)]
    [InlineData("1943-06-15", "2023-06-15", UnderlyingDisease.None, Vaccination.None, 80, RiskTier.Yellow, null, 3)]
    [InlineData("1942-06-15", "2023-06-14", UnderlyingDisease.Stable, Vaccination.Partial, 80, RiskTier.Yellow, "Y2", null)]
    [InlineData("1942-06-15", "2023-06-15", UnderlyingDisease.Stable, Vaccination.Partial, 81, RiskTier.Red, "R3", null)]
    [InlineData("1942-06-15", "2023-06-14", UnderlyingDisease.Stable, Vaccination.Full, 80, RiskTier.Yellow, null, 2)]
    [InlineData("1942-06-15", "2023-06-15", UnderlyingDisease.Stable, Vaccination.Full, 81, RiskTier.Yellow, "Y3", null)]
    [InlineData("1942-06-15", "2023-06-14", UnderlyingDisease.Unstable, Vaccination.Full, 80, RiskTier.Red, "R2", null)]
    [InlineData("1942-06-15", "2023-06-15", UnderlyingDisease.Unstable, Vaccination.Full, 81, RiskTier.Red, null, 4)]
    public void AgeBoundaryTakesEffectOnTheBirthday(
        string birth,
        string assessedOn,
        UnderlyingDisease disease,
        Vaccination vaccination,
        int ageYears,
        RiskTier tier,
        string? row,
        int? score)
    {
        var assessment = RiskTierCalculator.Assess(new RiskInputs(D(birth), disease, vaccination), D(assessedOn));

        Assert.Equal(ageYears, assessment.AgeYears);
        Assert.Equal(tier, assessment.Tier);
        Assert.Equal(row, assessment.Basis.Row);
        Assert.Equal(score, assessment.Basis.Score);
        Assert.Equal(row is null ? RiskMethod.Score : RiskMethod.Table, assessment.Basis.Method);
    }

    // The four worked examples of clinical-rules.md §1, each a combination no row covers.
    [Fact]
    public void Age80StableFullFallsToScoreYellow() =>
        AssertScored(AssessAtAge(80, UnderlyingDisease.Stable, Vaccination.Full), 1, 1, 0, 2, RiskTier.Yellow);

    [Fact]
    public void Age85NoDiseaseUnvaccinatedFallsToScoreRed() =>
        AssertScored(AssessAtAge(85, UnderlyingDisease.None, Vaccination.None), 2, 0, 2, 4, RiskTier.Red);

    [Fact]
    public void Age85UnstableFullFallsToScoreRed() =>
        AssertScored(AssessAtAge(85, UnderlyingDisease.Unstable, Vaccination.Full), 2, 2, 0, 4, RiskTier.Red);

    [Fact]
    public void Age50StablePartialFallsToScoreYellow() =>
        AssertScored(AssessAtAge(50, UnderlyingDisease.Stable, Vaccination.Partial), 0, 1, 1, 2, RiskTier.Yellow);

    [Fact]
    public void LeapDayBirthStaysInTheGreenRowUntilMarch1()
    {
        // Born 1944-02-29, stable, fully vaccinated: 79 on 2024-02-28 (G2), 80 on 2024-02-29 (score 2).
        var inputs = new RiskInputs(D("1944-02-29"), UnderlyingDisease.Stable, Vaccination.Full);

        Assert.Equal("G2", RiskTierCalculator.Assess(inputs, D("2024-02-28")).Basis.Row);
        Assert.Equal(RiskMethod.Score, RiskTierCalculator.Assess(inputs, D("2024-02-29")).Basis.Method);

        // Born 1940-02-29: 2005 is a common year, so the 65th birthday (row Y2) is 2005-03-01.
        var leapBorn = new RiskInputs(D("1940-02-29"), UnderlyingDisease.Stable, Vaccination.Partial);
        Assert.Equal(64, RiskTierCalculator.Assess(leapBorn, D("2005-02-28")).AgeYears);
        Assert.Equal("Y2", RiskTierCalculator.Assess(leapBorn, D("2005-03-01")).Basis.Row);
    }

    [Fact]
    public void AssessmentRecordsTheAgeAndDateItUsed()
    {
        var assessment = RiskTierCalculator.Assess(
            new RiskInputs(D("1950-12-31"), UnderlyingDisease.None, Vaccination.Full), AssessedOn);

        Assert.Equal(72, assessment.AgeYears);
        Assert.Equal(AssessedOn, assessment.AssessedOn);
    }

    [Fact]
    public void RowBasisExplainsTheRow()
    {
        var basis = AssessAtAge(70, UnderlyingDisease.Unstable, Vaccination.Full).Basis;

        Assert.StartsWith("Table row R2:", basis.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void ScoreBasisExplainsThePoints()
    {
        var basis = AssessAtAge(85, UnderlyingDisease.Unstable, Vaccination.Full).Basis;

        Assert.Contains("score 4 = age 2 + underlying disease 2 + vaccination 0", basis.Explanation, StringComparison.Ordinal);
    }

    // The published table cannot overlap (RiskTableTests.NoPatientMatchesTwoRows); these pin the
    // documented rule for a table that did: most severe row first, then table order.
    [Fact]
    public void OverlappingRowsResolveToTheMostSevereTier()
    {
        RiskTableRow[] table =
        [
            new("A", RiskTier.Green, 0, 100, [UnderlyingDisease.None], [Vaccination.Full], "green"),
            new("B", RiskTier.Red, 0, 100, [UnderlyingDisease.None], [Vaccination.Full], "red"),
            new("C", RiskTier.Yellow, 0, 100, [UnderlyingDisease.None], [Vaccination.Full], "yellow"),
        ];

        Assert.Equal("B", RiskTierCalculator.MatchRow(table, 50, UnderlyingDisease.None, Vaccination.Full)?.Id);
    }

    [Fact]
    public void OverlappingRowsOfEqualTierResolveToTableOrder()
    {
        RiskTableRow[] table =
        [
            new("First", RiskTier.Yellow, 0, 100, [UnderlyingDisease.None], [Vaccination.Full], "first"),
            new("Second", RiskTier.Yellow, 0, 100, [UnderlyingDisease.None], [Vaccination.Full], "second"),
        ];

        Assert.Equal("First", RiskTierCalculator.MatchRow(table, 50, UnderlyingDisease.None, Vaccination.Full)?.Id);
    }

    [Fact]
    public void BirthAfterTheAssessmentDateIsRejected() =>
        Assert.Throws<ArgumentException>(() => RiskTierCalculator.Assess(
            new RiskInputs(D("2023-06-16"), UnderlyingDisease.None, Vaccination.Full), AssessedOn));

    [Fact]
    public void UnknownStatusValuesAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RiskTierCalculator.Assess(
            new RiskInputs(D("1960-01-01"), (UnderlyingDisease)7, Vaccination.Full), AssessedOn));
        Assert.Throws<ArgumentOutOfRangeException>(() => RiskTierCalculator.Assess(
            new RiskInputs(D("1960-01-01"), UnderlyingDisease.None, (Vaccination)7), AssessedOn));
    }

    private static void AssertScored(
        RiskAssessment assessment, int agePoints, int diseasePoints, int vaccinationPoints, int total, RiskTier tier)
    {
        Assert.Equal(RiskMethod.Score, assessment.Basis.Method);
        Assert.Null(assessment.Basis.Row);
        Assert.Equal(agePoints, assessment.Basis.AgePoints);
        Assert.Equal(diseasePoints, assessment.Basis.DiseasePoints);
        Assert.Equal(vaccinationPoints, assessment.Basis.VaccinationPoints);
        Assert.Equal(total, assessment.Basis.Score);
        Assert.Equal(tier, assessment.Tier);
    }
}
