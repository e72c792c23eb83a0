using Monitoring.Domain.Populations;

namespace Monitoring.Domain.Tests.Populations;

public sealed class PregnancyTests
{
    // 003_b7fae3b13c0d2460.txt, 做好当前孕产妇和儿童健康管理与医疗服务保障工作要求 二:
    // "以妊娠风险评估'五色管理'为橙色、红色和紫色以及孕周在37周及以上的孕产妇为重点".
    [Theory]
    [InlineData(PregnancyRisk.Green, 0, false)]
    [InlineData(PregnancyRisk.Green, 36, false)]
    [InlineData(PregnancyRisk.Yellow, 36, false)]
    [InlineData(PregnancyRisk.Green, 37, true)]
    [InlineData(PregnancyRisk.Yellow, 41, true)]
    [InlineData(PregnancyRisk.Orange, 10, true)]
    [InlineData(PregnancyRisk.Red, 0, true)]
    [InlineData(PregnancyRisk.Purple, 20, true)]
    [InlineData(PregnancyRisk.Purple, 39, true)]
    public void PriorityIsOrangeRedPurpleOrFrom37Weeks(PregnancyRisk risk, int gestationalWeek, bool priority) =>
        Assert.Equal(priority, new Pregnancy(risk, gestationalWeek).IsPriority);

    [Theory]
    [InlineData(PregnancyRisk.Green, false)]
    [InlineData(PregnancyRisk.Yellow, false)]
    [InlineData(PregnancyRisk.Orange, true)]
    [InlineData(PregnancyRisk.Red, true)]
    [InlineData(PregnancyRisk.Purple, true)]
    public void PriorityColoursAreOrangeRedAndPurple(PregnancyRisk risk, bool priority) =>
        Assert.Equal(priority, Pregnancy.IsPriorityRisk(risk));

    [Theory]
    [InlineData(0)]
    [InlineData(45)]
    public void GestationalWeeksZeroTo45AreAccepted(int gestationalWeek) =>
        Assert.Equal(gestationalWeek, new Pregnancy(PregnancyRisk.Green, gestationalWeek).GestationalWeek);

    [Theory]
    [InlineData(-1)]
    [InlineData(46)]
    public void GestationalWeekOutside0To45IsRejected(int gestationalWeek) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Pregnancy(PregnancyRisk.Green, gestationalWeek));

    [Fact]
    public void UnknownColourIsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Pregnancy((PregnancyRisk)9, 20));
}
