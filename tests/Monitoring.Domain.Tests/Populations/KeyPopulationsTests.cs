using Monitoring.Domain.Populations;
using static Monitoring.Domain.Tests.Dates;

namespace Monitoring.Domain.Tests.Populations;

public sealed class KeyPopulationsTests
{
    // 003_b7fae3b13c0d2460.txt, 安徽省新冠病毒感染者分级分类诊疗工作实施方案 二(二)1: "0-6岁儿童", "65岁以上老年人";
    // 001_c1a4964215f4f1e9.txt (preamble): "老年人（65岁及以上）".
    [Theory]
    [InlineData("2023-06-15", "2023-06-15", "child_0_6")] // born today
    [InlineData("2016-06-15", "2023-06-14", "child_0_6")] // 6, the day before the 7th birthday
    [InlineData("2016-06-15", "2023-06-15", "")] // 7th birthday
    [InlineData("1983-01-01", "2023-06-15", "")]
    [InlineData("1958-06-15", "2023-06-14", "")] // 64, the day before the 65th birthday
    [InlineData("1958-06-15", "2023-06-15", "age_65_plus")] // 65th birthday
    [InlineData("1930-06-15", "2023-06-15", "age_65_plus")]
    public void AgeBasedCategoriesFollowTheBirthDate(string birth, string on, string expectedCodes) =>
        Assert.Equal(expectedCodes, string.Join(",", KeyPopulations.FromAge(D(birth), D(on)).Select(KeyPopulationCodes.Format)));

    [Fact]
    public void BirthAfterTheDateIsRejected() =>
        Assert.Throws<ArgumentException>(() => KeyPopulations.FromAge(D("2023-06-16"), D("2023-06-15")));

    [Fact]
    public void OnlyTheAgeCategoriesAreDerived() =>
        Assert.Equal(
            [KeyPopulation.Age65Plus, KeyPopulation.Child0To6],
            Enum.GetValues<KeyPopulation>().Where(KeyPopulations.IsDerivedFromAge));
}
