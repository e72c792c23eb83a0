namespace Monitoring.Domain.Populations;

/// <summary>
/// Key-population categories recorded on a patient (重点人群台账). Sources:
/// 003_b7fae3b13c0d2460.txt, 安徽省新冠病毒感染者分级分类诊疗工作实施方案 二(二)1
/// (0-6岁儿童、孕产妇、65岁以上老年人、免疫功能缺陷、血液透析、肿瘤放化疗);
/// 003_b7fae3b13c0d2460.txt, 新冠病毒感染者居家治疗指南 三(一)1 (空巢独居老年人、孕产妇、血液透析患者);
/// 004_306304aaac2aa708.txt, 11 (独居老人残疾人、留守儿童).
/// Stored as the text codes of <see cref="KeyPopulationCodes"/>, never as numbers.
/// </summary>
public enum KeyPopulation
{
    /// <summary>65岁以上老年人; derived from the birth date, see <see cref="KeyPopulations.FromAge"/>.</summary>
    Age65Plus,

    /// <summary>0-6岁儿童; derived from the birth date, see <see cref="KeyPopulations.FromAge"/>.</summary>
    Child0To6,

    /// <summary>孕妇, with a <see cref="Pregnancy"/> record (five-colour risk and gestational week).</summary>
    Pregnant,

    /// <summary>产妇.</summary>
    Postpartum,

    /// <summary>血液透析.</summary>
    Dialysis,

    /// <summary>肿瘤放化疗.</summary>
    CancerTherapy,

    /// <summary>免疫功能缺陷.</summary>
    Immunodeficiency,

    /// <summary>独居 / 空巢独居老年人.</summary>
    LivingAlone,

    /// <summary>残疾人.</summary>
    Disabled,

    /// <summary>留守儿童 (004 11).</summary>
    LeftBehind,
}
