namespace Monitoring.Domain.FollowUps;

/// <summary>
/// Why a patient may have the second booster: the four groups of 000_65bbdb77c316a43b.txt
/// ("在感染高风险人群、60岁以上老年人群、具有较严重基础性疾病人群和免疫力低下人群中开展第二剂次加强免疫接种").
/// </summary>
public enum BoosterGroup
{
    /// <summary>感染高风险人群: a clinician's judgement (exposure, occupation), which the registry cannot infer.</summary>
    HighInfectionRisk,

    /// <summary>60岁以上老年人群: 60 whole years and over.</summary>
    OlderAdult,

    /// <summary>具有较严重基础性疾病人群: an unstable underlying disease, or on dialysis.</summary>
    SevereUnderlyingDisease,

    /// <summary>免疫力低下人群: immunodeficiency, or cancer radio/chemotherapy.</summary>
    Immunocompromised,
}
