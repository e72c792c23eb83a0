using Monitoring.Domain.Risk;

namespace Monitoring.Domain.Tests.Risk;

// 003_b7fae3b13c0d2460.txt, 附件 新冠肺炎相关健康风险评估标准.
public sealed class RiskTableTests
{
    [Fact]
    public void TableHasTheEightRowsInDocumentOrder()
    {
        Assert.Equal(["G1", "G2", "Y1", "Y2", "Y3", "R1", "R2", "R3"], RiskTable.Rows.Select(row => row.Id));
        Assert.Equal(
            [RiskTier.Green, RiskTier.Green, RiskTier.Yellow, RiskTier.Yellow, RiskTier.Yellow, RiskTier.Red, RiskTier.Red, RiskTier.Red],
            RiskTable.Rows.Select(row => row.Tier));
    }

    // Answers "could any input match two rows?": no, for every whole-year age 0-130 and every status.
    [Fact]
    public void NoPatientMatchesTwoRows()
    {
        for (var ageYears = 0; ageYears <= 130; ageYears++)
        {
            foreach (var disease in Enum.GetValues<UnderlyingDisease>())
            {
                foreach (var vaccination in Enum.GetValues<Vaccination>())
                {
                    var matches = RiskTable.Rows.Where(row => row.Matches(ageYears, disease, vaccination)).Select(row => row.Id);
                    Assert.True(matches.Count() <= 1, $"age {ageYears}, {disease}, {vaccination} matches {string.Join(", ", matches)}");
                }
            }
        }
    }

    // 绿色标识: "年龄＜80岁": an 80-year-old with no disease is in no row at all.
    [Fact]
    public void GreenRowsStopAt79()
    {
        foreach (var vaccination in Enum.GetValues<Vaccination>())
        {
            Assert.Equal("G1", RiskTierCalculator.MatchRow(79, UnderlyingDisease.None, vaccination)?.Id);
            Assert.Null(RiskTierCalculator.MatchRow(80, UnderlyingDisease.None, vaccination));
        }
    }

    // "未全程接种疫苗" covers partial and none alike in every row that uses it.
    [Fact]
    public void NotFullyVaccinatedRowsCoverPartialAndNone()
    {
        foreach (var row in RiskTable.Rows.Where(row => !row.Vaccinations.Contains(Vaccination.Full)))
        {
            Assert.Equal([Vaccination.Partial, Vaccination.None], row.Vaccinations);
        }
    }
}
