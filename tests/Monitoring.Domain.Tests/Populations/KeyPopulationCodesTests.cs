using Monitoring.Domain.Populations;

namespace Monitoring.Domain.Tests.Populations;

// Categories from 003_b7fae3b13c0d2460.txt, 安徽省新冠病毒感染者分级分类诊疗工作实施方案 二(二)1 and
// 004_306304aaac2aa708.txt, 11; the codes are what the registry stores, so they must never change.
public sealed class KeyPopulationCodesTests
{
    [Theory]
    [InlineData(KeyPopulation.Age65Plus, "age_65_plus")]
    [InlineData(KeyPopulation.Child0To6, "child_0_6")]
    [InlineData(KeyPopulation.Pregnant, "pregnant")]
    [InlineData(KeyPopulation.Postpartum, "postpartum")]
    [InlineData(KeyPopulation.Dialysis, "dialysis")]
    [InlineData(KeyPopulation.CancerTherapy, "cancer_therapy")]
    [InlineData(KeyPopulation.Immunodeficiency, "immunodeficiency")]
    [InlineData(KeyPopulation.LivingAlone, "living_alone")]
    [InlineData(KeyPopulation.Disabled, "disabled")]
    [InlineData(KeyPopulation.LeftBehind, "left_behind")]
    public void CategoryHasItsStableCode(KeyPopulation category, string code)
    {
        Assert.Equal(code, KeyPopulationCodes.Format(category));
        Assert.Equal(category, KeyPopulationCodes.Parse(code));
    }

    [Fact]
    public void EveryCategoryRoundTrips()
    {
        foreach (var category in Enum.GetValues<KeyPopulation>())
        {
            Assert.Equal(category, KeyPopulationCodes.Parse(KeyPopulationCodes.Format(category)));
        }

        Assert.Equal(Enum.GetValues<KeyPopulation>().Length, KeyPopulationCodes.All.Distinct().Count());
    }

    [Theory]
    [InlineData("")]
    [InlineData("Pregnant")]
    [InlineData("age65plus")]
    [InlineData(" dialysis")]
    public void UnknownCodeDoesNotParse(string code)
    {
        Assert.False(KeyPopulationCodes.TryParse(code, out _));
        Assert.Throws<FormatException>(() => KeyPopulationCodes.Parse(code));
    }

    [Fact]
    public void NullCodeDoesNotParse() => Assert.False(KeyPopulationCodes.TryParse(null, out _));

    [Fact]
    public void UnknownCategoryCannotBeFormatted() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => KeyPopulationCodes.Format((KeyPopulation)99));
}
