using Monitoring.Domain.Alarms;
using Monitoring.Domain.Risk;

namespace Monitoring.Domain.Referrals;

/// <summary>
/// Suggests where to refer a patient from what the hub knows: the underlying disease and tier, and the
/// alarm that triggered the referral. The grading is 003_b7fae3b13c0d2460.txt, 安徽省新冠病毒感染者分级分类
/// 诊疗工作实施方案 二(二)2:
/// (2) 普通型病例, and elderly patients with a severe but stable underlying disease → 亚（准）定点医院 /
///     二级及以上综合医院;
/// (3) 以新冠肺炎为主要表现的重型、危重型病例 → 定点医院 / 三级综合医院 (ICU, 亚ICU);
/// (4) 以基础疾病为主的重型、危重型病例, and underlying diseases beyond what 基层 and 亚定点 can treat → 三级综合医院.
/// The hub has no diagnosis of severity, so it reads the signs: SpO2 below 93 % and dyspnoea or another
/// warning sign are the referral triggers of 001_c1a4964215f4f1e9.txt 二(二)2(1) and point at a
/// severe course (3); a persistent fever alone at an ordinary course (2). An unstable underlying
/// disease is the "基础疾病超出…救治能力" of (4). Our reading, shown as a suggestion only.
/// </summary>
public static class ReferralLevelPolicy
{
    private const string Source = "003_b7fae3b13c0d2460.txt, 分级分类诊疗工作实施方案 二(二)2";

    public static ReferralLevelSuggestion Suggest(RiskTier tier, UnderlyingDisease underlyingDisease, AlarmKind? trigger)
    {
        if (underlyingDisease == UnderlyingDisease.Unstable)
        {
            return new(DestinationLevel.Tertiary,
                $"{Source}(4): 基础疾病不稳定, 超出基层医疗卫生机构、亚（准）定点医院救治能力的转至三级综合医院 (tier {Code(tier)}).");
        }

        if (trigger is AlarmKind.Spo2Low or AlarmKind.SymptomReported)
        {
            return new(DestinationLevel.Designated,
                $"{Source}(3): 指氧饱和度<93% or 呼吸困难 (001 二(二)2(1)) suggest a severe course: 定点医院、三级综合医院 (ICU / 亚ICU).");
        }

        return tier == RiskTier.Red
            ? new(DestinationLevel.SubDesignated,
                $"{Source}(2): 高风险 (red tier) with a stable underlying disease: 亚（准）定点医院、二级及以上综合医院.")
            : new(DestinationLevel.SubDesignated,
                $"{Source}(2): 普通型病例: 亚（准）定点医院、二级及以上综合医院 (tier {Code(tier)}).");
    }

    private static string Code(RiskTier tier) => tier.ToString().ToLowerInvariant();
}
