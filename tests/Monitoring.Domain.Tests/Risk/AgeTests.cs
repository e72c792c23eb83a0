using Monitoring.Domain.Risk;
using static Monitoring.Domain.Tests.Dates;

namespace Monitoring.Domain.Tests.Risk;

public sealed class AgeTests
{
    [Theory]
    [InlineData("1958-06-15", "2023-06-15", 65)] // birthday today: the new year counts
    [InlineData("1958-06-15", "2023-06-14", 64)] // day before the birthday
    [InlineData("1958-06-15", "2023-06-16", 65)]
    [InlineData("1950-12-31", "2023-06-15", 72)] // birthday later in the year, not yet reached
    [InlineData("1950-01-01", "2023-06-15", 73)]
    [InlineData("2023-06-15", "2023-06-15", 0)] // born today
    [InlineData("2022-06-16", "2023-06-15", 0)] // one day short of the first birthday
    public void InWholeYearsCountsCompletedYears(string birth, string on, int expected) =>
        Assert.Equal(expected, Age.InWholeYears(D(birth), D(on)));

    [Fact]
    public void LeapDayChildIsStillYoungerOnFebruary28InACommonYear() =>
        Assert.Equal(0, Age.InWholeYears(D("2020-02-29"), D("2021-02-28")));

    [Fact]
    public void LeapDayChildTurnsOlderOnMarch1InACommonYear() =>
        Assert.Equal(1, Age.InWholeYears(D("2020-02-29"), D("2021-03-01")));

    [Fact]
    public void LeapDayChildTurnsOlderOnFebruary29InALeapYear()
    {
        Assert.Equal(3, Age.InWholeYears(D("2020-02-29"), D("2024-02-28")));
        Assert.Equal(4, Age.InWholeYears(D("2020-02-29"), D("2024-02-29")));
    }

    [Fact]
    public void LeapDayBirthTurns65OnMarch1WhenThe65thYearIsCommon()
    {
        // Born 1940-02-29; 2005 is a common year.
        Assert.Equal(64, Age.InWholeYears(D("1940-02-29"), D("2005-02-28")));
        Assert.Equal(65, Age.InWholeYears(D("1940-02-29"), D("2005-03-01")));
    }

    [Fact]
    public void BirthAfterTheDateIsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => Age.InWholeYears(D("2023-06-16"), D("2023-06-15")));
        Assert.Equal("birthDate", error.ParamName);
    }

    // 003_b7fae3b13c0d2460.txt, 附件 新冠肺炎相关健康风险评估标准: ＜65岁 / 65-80岁 / ＞80岁, 65 and 80 both in the middle band.
    [Theory]
    [InlineData(0, AgeBand.Under65)]
    [InlineData(64, AgeBand.Under65)]
    [InlineData(65, AgeBand.From65To80)]
    [InlineData(79, AgeBand.From65To80)]
    [InlineData(80, AgeBand.From65To80)]
    [InlineData(81, AgeBand.Over80)]
    [InlineData(110, AgeBand.Over80)]
    public void BandOfPlaces65And80InTheMiddleBand(int ageYears, AgeBand expected) =>
        Assert.Equal(expected, Age.BandOf(ageYears));

    [Fact]
    public void BandOfRejectsNegativeAges() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Age.BandOf(-1));
}
