using System.Diagnostics.CodeAnalysis;

namespace Monitoring.Domain.Populations;

/// <summary>
/// Stable snake_case text codes for <see cref="KeyPopulation"/>, as the registry stores them.
/// Codes never change once released; parsing is exact (ordinal, case-sensitive).
/// </summary>
public static class KeyPopulationCodes
{
    private static readonly Dictionary<KeyPopulation, string> CodeByCategory = new()
    {
        [KeyPopulation.Age65Plus] = "age_65_plus",
        [KeyPopulation.Child0To6] = "child_0_6",
        [KeyPopulation.Pregnant] = "pregnant",
        [KeyPopulation.Postpartum] = "postpartum",
        [KeyPopulation.Dialysis] = "dialysis",
        [KeyPopulation.CancerTherapy] = "cancer_therapy",
        [KeyPopulation.Immunodeficiency] = "immunodeficiency",
        [KeyPopulation.LivingAlone] = "living_alone",
        [KeyPopulation.Disabled] = "disabled",
        [KeyPopulation.LeftBehind] = "left_behind",
    };

    private static readonly Dictionary<string, KeyPopulation> CategoryByCode =
        CodeByCategory.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    /// <summary>Every code, in the order of <see cref="KeyPopulation"/>.</summary>
    public static IReadOnlyList<string> All { get; } = [.. CodeByCategory.OrderBy(pair => pair.Key).Select(pair => pair.Value)];

    public static string Format(KeyPopulation category) =>
        CodeByCategory.TryGetValue(category, out var code)
            ? code
            : throw new ArgumentOutOfRangeException(nameof(category), category, "Unknown key-population category.");

    /// <exception cref="FormatException"><paramref name="code"/> is not one of <see cref="All"/>.</exception>
    public static KeyPopulation Parse(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return TryParse(code, out var category)
            ? category
            : throw new FormatException($"'{code}' is not a key-population code; expected one of {string.Join(", ", All)}.");
    }

    public static bool TryParse([NotNullWhen(true)] string? code, out KeyPopulation category)
    {
        if (code is not null && CategoryByCode.TryGetValue(code, out category))
        {
            return true;
        }

        category = default;
        return false;
    }
}
