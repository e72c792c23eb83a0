using System.Globalization;
using System.Text;

namespace Monitoring.Hub.Observability;

/// <summary>
/// The Prometheus text exposition format, version 0.0.4: per family a <c># HELP</c> and a
/// <c># TYPE</c> line, then one sample per line (<c>name{label="value",...} value</c>), no
/// timestamps. HELP text escapes '\' and line feeds; label values also escape '"'.
/// </summary>
public static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Write(IReadOnlyList<MetricFamily> families)
    {
        ArgumentNullException.ThrowIfNull(families);
        var text = new StringBuilder();
        // Instruments whose names sanitise to the same family are written as one family; one of
        // another type under that name would make the exposition invalid, so it is left out.
        foreach (var group in families.GroupBy(PrometheusNames.Family, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var name = group.Key;
            var first = group.First();
            text.Append("# HELP ").Append(name).Append(' ');
            AppendEscaped(text, first.Description ?? first.InstrumentName, quote: false);
            text.Append('\n');
            text.Append("# TYPE ").Append(name).Append(' ').Append(TypeName(first.Type)).Append('\n');
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var family in group.Where(f => f.Type == first.Type))
            {
                foreach (var point in family.Points)
                {
                    var labels = Labels(point.Tags, family.Type == MetricType.Histogram ? "le" : null);
                    if (!seen.Add(labels))
                    {
                        continue;
                    }

                    if (point.Histogram is { } histogram)
                    {
                        AppendHistogram(text, name, labels, histogram);
                    }
                    else
                    {
                        AppendSample(text, name, labels, null, point.Value);
                    }
                }
            }
        }

        return text.ToString();
    }

    /// <summary>A number as Prometheus reads it (Go's ParseFloat): shortest round-trip text, <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>.</summary>
    public static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static void AppendHistogram(StringBuilder text, string name, string labels, HistogramPoint histogram)
    {
        long cumulative = 0;
        for (var i = 0; i < histogram.BucketCounts.Count; i++)
        {
            cumulative += histogram.BucketCounts[i];
            var le = i < histogram.Bounds.Count ? Number(histogram.Bounds[i]) : "+Inf";
            AppendSample(text, $"{name}_bucket", labels, le, cumulative);
        }

        AppendSample(text, $"{name}_sum", labels, null, histogram.Sum);
        // The count is the +Inf bucket by definition; taken from the same snapshot, they always agree.
        AppendSample(text, $"{name}_count", labels, null, cumulative);
    }

    private static void AppendSample(StringBuilder text, string name, string labels, string? le, double value)
    {
        text.Append(name);
        if (labels.Length > 0 || le is not null)
        {
            text.Append('{').Append(labels);
            if (le is not null)
            {
                text.Append(labels.Length > 0 ? "," : "").Append("le=\"").Append(le).Append('"');
            }

            text.Append('}');
        }

        text.Append(' ').Append(Number(value)).Append('\n');
    }

    /// <summary>The labels of a series, without braces: <c>a="x",b="y"</c>.</summary>
    private static string Labels(IReadOnlyList<KeyValuePair<string, string>> tags, string? reserved)
    {
        if (tags.Count == 0)
        {
            return "";
        }

        var text = new StringBuilder();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in tags)
        {
            var label = reserved is null ? PrometheusNames.Label(key) : PrometheusNames.Label(key, reserved);
            if (!names.Add(label))
            {
                continue;
            }

            text.Append(text.Length > 0 ? "," : "").Append(label).Append("=\"");
            AppendEscaped(text, value, quote: true);
            text.Append('"');
        }

        return text.ToString();
    }

    private static void AppendEscaped(StringBuilder text, string value, bool quote)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\':
                    text.Append(@"\\");
                    break;
                case '\n':
                    text.Append(@"\n");
                    break;
                case '"' when quote:
                    text.Append("\\\"");
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }
    }

    private static string TypeName(MetricType type) => type switch
    {
        MetricType.Counter => "counter",
        MetricType.Histogram => "histogram",
        _ => "gauge",
    };
}
