using Monitoring.Domain.Risk;

namespace Monitoring.Domain.Populations;

/// <summary>The key-population categories that follow from the birth date alone.</summary>
public static class KeyPopulations
{
    /// <summary>
    /// "65岁以上老年人" (003 二(二)1), read as 65 and over: 001_c1a4964215f4f1e9.txt defines
    /// 老年人 as "65岁及以上" in its preamble.
    /// </summary>
    public const int ElderlyFromAgeYears = 65;

    /// <summary>"0-6岁儿童" (003 二(二)1): whole years 0 to 6, i.e. until the 7th birthday.</summary>
    public const int ChildUpToAgeYears = 6;

    /// <summary>
    /// <see cref="KeyPopulation.Age65Plus"/> or <see cref="KeyPopulation.Child0To6"/> when the
    /// whole-year age on <paramref name="on"/> puts the patient there; otherwise empty.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="birthDate"/> is after <paramref name="on"/>.</exception>
    public static IReadOnlyList<KeyPopulation> FromAge(DateOnly birthDate, DateOnly on)
    {
        var ageYears = Age.InWholeYears(birthDate, on);
        if (ageYears >= ElderlyFromAgeYears)
        {
            return [KeyPopulation.Age65Plus];
        }

        return ageYears <= ChildUpToAgeYears ? [KeyPopulation.Child0To6] : [];
    }

    /// <summary>
    /// True for the categories <see cref="FromAge"/> derives: the registry should compute them
    /// on the date it needs rather than store them, since they change on a birthday.
    /// </summary>
    public static bool IsDerivedFromAge(KeyPopulation category) =>
        category is KeyPopulation.Age65Plus or KeyPopulation.Child0To6;
}
