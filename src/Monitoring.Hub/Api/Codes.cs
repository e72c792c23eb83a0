using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Monitoring.Hub.Api;

/// <summary>
/// The one spelling of enum values outside the process: lower snake case (<c>green</c>,
/// <c>publish_client_send</c>), the same in JSON bodies and in database text columns, so a value
/// read from the database is the value the contract shows.
/// </summary>
public static class Codes
{
    private static readonly ConcurrentDictionary<Type, EnumCodes> Cache = new();

    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum => ForType(typeof(TEnum)).CodeOf(value);

    public static TEnum Parse<TEnum>(string code)
        where TEnum : struct, Enum =>
        TryParse<TEnum>(code, out var value)
            ? value
            : throw new FormatException($"'{code}' is not a {typeof(TEnum).Name} code; expected one of {AllowedList<TEnum>()}.");

    public static bool TryParse<TEnum>([NotNullWhen(true)] string? code, out TEnum value)
        where TEnum : struct, Enum
    {
        if (code is not null && ForType(typeof(TEnum)).TryParse(code, out var boxed))
        {
            value = (TEnum)boxed;
            return true;
        }

        value = default;
        return false;
    }

    public static IReadOnlyList<string> All<TEnum>()
        where TEnum : struct, Enum => ForType(typeof(TEnum)).All;

    public static string AllowedList<TEnum>()
        where TEnum : struct, Enum => string.Join(", ", All<TEnum>());

    internal static EnumCodes ForType(Type enumType) => Cache.GetOrAdd(enumType, static t => new EnumCodes(t));

    internal sealed class EnumCodes
    {
        private readonly Dictionary<object, string> _codeByValue = [];
        private readonly Dictionary<string, object> _valueByCode = new(StringComparer.Ordinal);

        public EnumCodes(Type enumType)
        {
            foreach (var name in Enum.GetNames(enumType))
            {
                var value = Enum.Parse(enumType, name);
                var code = JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
                _codeByValue[value] = code;
                _valueByCode[code] = value;
            }

            All = [.. _valueByCode.Keys];
        }

        public IReadOnlyList<string> All { get; }

        public string CodeOf(object value) =>
            _codeByValue.TryGetValue(value, out var code)
                ? code
                : throw new ArgumentOutOfRangeException(nameof(value), value, "Value is not defined by its enum.");

        public bool TryParse(string code, [NotNullWhen(true)] out object? value) => _valueByCode.TryGetValue(code, out value);
    }
}
