namespace Monitoring.Domain.Risk;

/// <summary>Tier to service level, 001_c1a4964215f4f1e9.txt, 二(一)1, 二(二)1, 二(三)1.</summary>
public static class ServiceLevelPolicy
{
    /// <param name="tier">Green gives level 1, yellow level 2, red level 3.</param>
    /// <param name="urgentMedicalNeed">
    /// A clinician's "紧急医疗需求" flag: 001 二(三)1(2)(3) put such people at level 3
    /// whatever their tier (including infants and pregnant women who are not red).
    /// </param>
    public static ServiceLevel For(RiskTier tier, bool urgentMedicalNeed = false)
    {
        var byTier = tier switch
        {
            RiskTier.Green => ServiceLevel.Level1,
            RiskTier.Yellow => ServiceLevel.Level2,
            RiskTier.Red => ServiceLevel.Level3,
            _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "Unknown risk tier."),
        };
        return urgentMedicalNeed ? ServiceLevel.Level3 : byTier;
    }
}
