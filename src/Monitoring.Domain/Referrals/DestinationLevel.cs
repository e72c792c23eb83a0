namespace Monitoring.Domain.Referrals;

/// <summary>
/// The kind of hospital a patient is referred to, the grading of 003_b7fae3b13c0d2460.txt,
/// 安徽省新冠病毒感染者分级分类诊疗工作实施方案 二(二)2.
/// </summary>
public enum DestinationLevel
{
    /// <summary>亚（准）定点医院、二级及以上综合医院（中医院）独立院区 (二(二)2(2)).</summary>
    SubDesignated,

    /// <summary>定点医院、三级综合医院独立院区, ICU or sub-ICU (二(二)2(3)).</summary>
    Designated,

    /// <summary>三级综合医院, for severe cases driven by an underlying disease (二(二)2(4)).</summary>
    Tertiary,

    /// <summary>Anything else the clinician chose (a specialist or maternity hospital, 方舱).</summary>
    Other,
}
