using Monitoring.Domain.Risk;

namespace Monitoring.Domain.Tests.Risk;

public sealed class ServiceLevelPolicyTests
{
    // 001_c1a4964215f4f1e9.txt, 二(一)1 绿色 → 一级服务; 二(二)1 黄色 → 二级服务; 二(三)1(1) 红色 → 三级服务.
    [Theory]
    [InlineData(RiskTier.Green, ServiceLevel.Level1)]
    [InlineData(RiskTier.Yellow, ServiceLevel.Level2)]
    [InlineData(RiskTier.Red, ServiceLevel.Level3)]
    public void TierGivesItsServiceLevel(RiskTier tier, ServiceLevel expected) =>
        Assert.Equal(expected, ServiceLevelPolicy.For(tier));

    // 001_c1a4964215f4f1e9.txt, 二(三)1(2)(3): 有紧急医疗需求的 → 三级服务, whatever the tier.
    [Theory]
    [InlineData(RiskTier.Green)]
    [InlineData(RiskTier.Yellow)]
    [InlineData(RiskTier.Red)]
    public void UrgentMedicalNeedForcesLevel3(RiskTier tier) =>
        Assert.Equal(ServiceLevel.Level3, ServiceLevelPolicy.For(tier, urgentMedicalNeed: true));

    [Fact]
    public void ServiceLevelsAreNumberedOneToThree() =>
        Assert.Equal([1, 2, 3], Enum.GetValues<ServiceLevel>().Select(level => (int)level));

    [Fact]
    public void UnknownTierIsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ServiceLevelPolicy.For((RiskTier)9, urgentMedicalNeed: true));
}
