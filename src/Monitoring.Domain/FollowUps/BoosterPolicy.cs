using Monitoring.Domain.Populations;
using Monitoring.Domain.Risk;

namespace Monitoring.Domain.FollowUps;

/// <summary>
/// The second COVID-19 booster (第二剂次加强免疫), pure. 000_65bbdb77c316a43b.txt: "在第一剂次加强免疫接种基础上，
/// 在感染高风险人群、60岁以上老年人群、具有较严重基础性疾病人群和免疫力低下人群中开展第二剂次加强免疫接种。
/// 第二剂次加强免疫与第一剂次加强免疫时间间隔为6个月以上。"
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Only after a first booster, whose date must be known: no date, no reminder.</item>
/// <item>"6个月以上" and "60岁以上" include the number itself (the reading of 以上 in Chinese statutes,
/// 民法典 第一千二百五十九条; the registry reads "65岁以上" the same way, see <see cref="KeyPopulations"/>): due on the
/// day six calendar months after the first booster (a 31st falls back to the month's last day), eligible
/// from the 60th birthday.</item>
/// <item>The seed names no diseases. The registry's closest facts are used: an <em>unstable</em> underlying
/// disease or dialysis for "较严重基础性疾病" (a stable one is not taken as severe), immunodeficiency or
/// cancer radio/chemotherapy for "免疫力低下". "感染高风险" (exposure) is not in the registry: a clinician records it.</item>
/// <item>001_c1a4964215f4f1e9.txt 二(一)2(1) adds "经医生评估后符合接种条件的": the reminder asks a clinician to
/// assess and arrange it; it decides nothing about contraindications.</item>
/// </list>
/// </remarks>
public static class BoosterPolicy
{
    public const int MonthsAfterFirstBooster = 6;

    public const int OlderAdultFromAgeYears = 60;

    /// <summary>The groups of 000 the patient belongs to on <paramref name="today"/>, in <see cref="BoosterGroup"/> order.</summary>
    public static IReadOnlyList<BoosterGroup> Groups(
        DateOnly birthDate, UnderlyingDisease disease, IReadOnlyCollection<KeyPopulation> categories, bool highInfectionRisk, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(categories);
        var groups = new List<BoosterGroup>();
        if (highInfectionRisk)
        {
            groups.Add(BoosterGroup.HighInfectionRisk);
        }

        if (birthDate <= today && Age.InWholeYears(birthDate, today) >= OlderAdultFromAgeYears)
        {
            groups.Add(BoosterGroup.OlderAdult);
        }

        if (disease == UnderlyingDisease.Unstable || categories.Contains(KeyPopulation.Dialysis))
        {
            groups.Add(BoosterGroup.SevereUnderlyingDisease);
        }

        if (categories.Contains(KeyPopulation.Immunodeficiency) || categories.Contains(KeyPopulation.CancerTherapy))
        {
            groups.Add(BoosterGroup.Immunocompromised);
        }

        return groups;
    }

    /// <summary>The day the second booster is due: six calendar months after the first.</summary>
    public static DateOnly DueOn(DateOnly firstBoosterOn) => firstBoosterOn.AddMonths(MonthsAfterFirstBooster);

    /// <summary>
    /// The status on the clinic-local <paramref name="today"/>: due when the patient is in a group, had the
    /// first booster at least six months ago and has not had the second.
    /// </summary>
    public static BoosterStatus Assess(IReadOnlyList<BoosterGroup> groups, DateOnly? firstBoosterOn, DateOnly? secondBoosterOn, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(groups);
        DateOnly? dueOn = firstBoosterOn is { } first && secondBoosterOn is null ? DueOn(first) : null;
        return new BoosterStatus(groups, dueOn, groups.Count > 0 && dueOn is { } due && today >= due);
    }
}
