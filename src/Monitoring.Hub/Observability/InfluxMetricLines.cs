using System.Buffers;
using Monitoring.Hub.Influx;

namespace Monitoring.Hub.Observability;

/// <summary>
/// The collected figures as InfluxDB points of one measurement (default <c>hub_metrics</c>): one point
/// per series, tagged <c>instance</c> plus the series' labels, with the same names as <c>/metrics</c>:
/// a counter's running total (<c>..._total</c>), a gauge's value, and per histogram its
/// <c>_count</c> and <c>_sum</c> (running) and <c>_p50</c>/<c>_p95</c>/<c>_p99</c> estimated from the
/// observations since the previous report (absent when there were none). All fields are floats, so
/// no instrument can ever collide with a field type already stored.
/// </summary>
public sealed class InfluxMetricLines(string measurement, string instance)
{
    public const string InstanceTag = "instance";

    private static readonly (string Suffix, double Quantile)[] Quantiles = [("_p50", 0.5), ("_p95", 0.95), ("_p99", 0.99)];

    private readonly Dictionary<string, long[]> _previousBuckets = new(StringComparer.Ordinal);

    /// <summary>Writes one line per series; returns the number of lines.</summary>
    public int Write(IReadOnlyList<MetricFamily> families, DateTimeOffset timestamp, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(families);
        var writer = new LineProtocolWriter(output);
        foreach (var family in families)
        {
            var name = PrometheusNames.Family(family);
            foreach (var point in family.Points)
            {
                var fields = Fields(name, point);
                if (fields.Count == 0)
                {
                    continue;
                }

                writer.Measurement(measurement);
                foreach (var (key, value) in Tags(point.Tags))
                {
                    writer.Tag(key, value);
                }

                foreach (var (key, value) in fields)
                {
                    writer.Field(key, value);
                }

                writer.EndLine(timestamp);
            }
        }

        return writer.LineCount;
    }

    private List<(string Key, double Value)> Fields(string name, MetricPoint point)
    {
        var fields = new List<(string Key, double Value)>();
        if (point.Histogram is not { } histogram)
        {
            if (double.IsFinite(point.Value))
            {
                fields.Add((name, point.Value));
            }

            return fields;
        }

        fields.Add(($"{name}_count", histogram.Count));
        if (double.IsFinite(histogram.Sum))
        {
            fields.Add(($"{name}_sum", histogram.Sum));
        }

        var key = $"{name}\0{string.Join('\0', point.Tags.Select(t => $"{t.Key}={t.Value}"))}";
        var current = histogram.BucketCounts.ToArray();
        var window = _previousBuckets.TryGetValue(key, out var previous) && previous.Length == current.Length
            ? current.Select((c, i) => Math.Max(0, c - previous[i])).ToArray()
            : current;
        _previousBuckets[key] = current;
        foreach (var (suffix, quantile) in Quantiles)
        {
            if (HistogramQuantile.Estimate(histogram.Bounds, window, quantile) is { } estimate)
            {
                fields.Add(($"{name}{suffix}", estimate));
            }
        }

        return fields;
    }

    /// <summary>instance plus the series' labels, sorted; values line protocol cannot carry (empty, newline, trailing '\') are left out.</summary>
    private IEnumerable<(string Key, string Value)> Tags(IReadOnlyList<KeyValuePair<string, string>> tags) =>
        tags.Select(t => (Key: PrometheusNames.Label(t.Key, InstanceTag), t.Value))
            .Append((Key: InstanceTag, Value: instance))
            .Where(t => t.Value.Length > 0 && t.Value[^1] != '\\' && t.Value.AsSpan().IndexOfAny('\n', '\r') < 0)
            .DistinctBy(t => t.Key, StringComparer.Ordinal)
            .OrderBy(t => t.Key, StringComparer.Ordinal);
}
