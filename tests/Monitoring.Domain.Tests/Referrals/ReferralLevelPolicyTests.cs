using Monitoring.Domain.Alarms;
using Monitoring.Domain.Referrals;
using Monitoring.Domain.Risk;

namespace Monitoring.Domain.Tests.Referrals;

/// <summary>003_b7fae3b13c0d2460.txt, 分级分类诊疗工作实施方案 二(二)2 (2)-(4).</summary>
public sealed class ReferralLevelPolicyTests
{
    [Theory]
    [InlineData(AlarmKind.Spo2Low)]
    [InlineData(AlarmKind.SymptomReported)]
    public void LowSaturationOrDyspnoeaSuggestsADesignatedHospital(AlarmKind trigger)
    {
        foreach (var tier in Enum.GetValues<RiskTier>())
        {
            var suggestion = ReferralLevelPolicy.Suggest(tier, UnderlyingDisease.Stable, trigger);
            Assert.Equal(DestinationLevel.Designated, suggestion.Level);
            Assert.Contains("二(二)2(3)", suggestion.Basis, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData(AlarmKind.Spo2Low)]
    [InlineData(AlarmKind.FeverPersistent)]
    public void AnUnstableUnderlyingDiseaseSuggestsATertiaryHospitalWhateverTheTrigger(AlarmKind? trigger)
    {
        var suggestion = ReferralLevelPolicy.Suggest(RiskTier.Red, UnderlyingDisease.Unstable, trigger);
        Assert.Equal(DestinationLevel.Tertiary, suggestion.Level);
        Assert.Contains("二(二)2(4)", suggestion.Basis, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RiskTier.Green, UnderlyingDisease.None, AlarmKind.FeverPersistent)]
    [InlineData(RiskTier.Yellow, UnderlyingDisease.Stable, null)]
    [InlineData(RiskTier.Red, UnderlyingDisease.Stable, AlarmKind.FeverPersistent)]
    public void AnOrdinaryCourseSuggestsASubDesignatedHospital(RiskTier tier, UnderlyingDisease disease, AlarmKind? trigger)
    {
        var suggestion = ReferralLevelPolicy.Suggest(tier, disease, trigger);
        Assert.Equal(DestinationLevel.SubDesignated, suggestion.Level);
        Assert.Contains("二(二)2(2)", suggestion.Basis, StringComparison.Ordinal);
    }
}
