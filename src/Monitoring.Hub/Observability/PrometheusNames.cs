using System.Text;

namespace Monitoring.Hub.Observability;

/// <summary>
/// An instrument's name as OpenTelemetry's Prometheus exporter writes it (other characters become
/// '_', the unit appended as a word: <c>s</c> → <c>_seconds</c>, <c>ms</c> → <c>_milliseconds</c>,
/// <c>By</c> → <c>_bytes</c>, annotations like <c>{message}</c> add nothing; a counter ends in
/// <c>_total</c>), so the InfluxDB copy's fields carry the names <c>/metrics</c> shows; and tag
/// keys as label names.
/// </summary>
public static class PrometheusNames
{
    public static string Family(string instrument, string? unit, bool counter)
    {
        var name = Sanitize(instrument, allowColon: true);
        var word = UnitWord(unit);
        if (word is not null && !name.Split('_').Contains(word, StringComparer.Ordinal))
        {
            name = $"{name}_{word}";
        }

        return counter && !name.EndsWith("_total", StringComparison.Ordinal) ? $"{name}_total" : name;
    }

    /// <summary>A tag key as a label name; <paramref name="reserved"/> names (e.g. <c>instance</c>) get an <c>exported_</c> prefix.</summary>
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
