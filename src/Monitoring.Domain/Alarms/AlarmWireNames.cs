using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json.Serialization;

namespace Monitoring.Domain.Alarms;

/// <summary>
/// The contract's names of the alarm enums (<c>spo2_low</c>, <c>high</c>, <c>acknowledged</c>,
/// <c>dyspnea</c>, <c>temp</c>...), read from their <see cref="JsonStringEnumMemberNameAttribute"/>
/// so JSON and these lookups can never disagree.
/// </summary>
public static class AlarmWireNames
{
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        Names<TEnum>.ByValue.TryGetValue(value, out var name)
            ? name
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"Unknown {typeof(TEnum).Name} value.");

    /// <summary>Parses a contract name; case-sensitive, like SenML names (RFC 8428 §4.5.1).</summary>
    public static bool TryParse<TEnum>([NotNullWhen(true)] string? name, out TEnum value)
        where TEnum : struct, Enum
    {
        if (name is not null && Names<TEnum>.ByName.TryGetValue(name, out value))
        {
            return true;
        }

        value = default;
        return false;
    }

    private static class Names<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly Dictionary<TEnum, string> ByValue = typeof(TEnum)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .ToDictionary(
                field => (TEnum)field.GetValue(null)!,
                field => field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? field.Name);

        public static readonly Dictionary<string, TEnum> ByName =
            ByValue.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);
    }
}
