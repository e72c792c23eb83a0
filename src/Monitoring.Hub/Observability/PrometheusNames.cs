using System.Text;

namespace Monitoring.Hub.Observability;

/// <summary>
/// Instrument and tag names as Prometheus names (data model: metric names <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>,
/// label names <c>[a-zA-Z_][a-zA-Z0-9_]*</c>, <c>__</c> prefixes reserved), following the
/// OpenTelemetry-to-Prometheus conventions: other characters become '_', the unit is appended as a
/// word (<c>s</c> → <c>_seconds</c>, <c>ms</c> → <c>_milliseconds</c>, <c>By</c> → <c>_bytes</c>;
/// annotations like <c>{message}</c> add nothing) unless the name already has that word, and a
/// counter's samples end in <c>_total</c>.
/// </summary>
public static class PrometheusNames
{
    /// <summary>The family name: what <c># HELP</c>/<c># TYPE</c> name, and the stem of a histogram's series.</summary>
    public static string Family(MetricFamily family)
    {
        ArgumentNullException.ThrowIfNull(family);
        var name = Sanitize(family.InstrumentName, allowColon: true);
        var word = UnitWord(family.Unit);
        if (word is not null && !name.Split('_').Contains(word, StringComparer.Ordinal))
        {
            name = $"{name}_{word}";
        }

        return family.Type == MetricType.Counter && !name.EndsWith("_total", StringComparison.Ordinal) ? $"{name}_total" : name;
    }

    /// <summary>A tag key as a label name; <paramref name="reserved"/> names (e.g. <c>le</c> of a histogram) get an <c>exported_</c> prefix.</summary>
    public static string Label(string key, params ReadOnlySpan<string> reserved)
    {
        var name = Sanitize(key, allowColon: false);
        if (name.StartsWith("__", StringComparison.Ordinal))
        {
            name = name.TrimStart('_');
            name = name.Length == 0 ? "_" : $"_{name}";
        }

        foreach (var r in reserved)
        {
            if (name == r)
            {
                return $"exported_{name}";
            }
        }

        return name;
    }

    private static string? UnitWord(string? unit) => unit switch
    {
        "s" => "seconds",
        "ms" => "milliseconds",
        "By" => "bytes",
        _ => null,
    };

    private static string Sanitize(string name, bool allowColon)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "_";
        }

        var result = new StringBuilder(name.Length + 1);
        if (char.IsAsciiDigit(name[0]))
        {
            result.Append('_');
        }

        foreach (var c in name)
        {
            result.Append(char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':') ? c : '_');
        }

        return result.ToString();
    }
}
