using System.Buffers;
using System.Globalization;
using Monitoring.Hub.Influx;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Monitoring.Hub.Observability;

/// <summary>
/// OpenTelemetry's collected metrics as InfluxDB points of one measurement (default <c>hub_metrics</c>):
/// one point per series, tagged <c>instance</c> plus the series' tags, with the names <c>/metrics</c>
/// shows: a counter's running total (<c>..._total</c>), a gauge's or up-down counter's value, and per
/// histogram its <c>_count</c> and <c>_sum</c> (running) and <c>_p50</c>/<c>_p95</c>/<c>_p99</c>
/// estimated from the observations since the previous write (absent when there were none; InfluxQL
/// cannot read quantiles from buckets). All fields are floats, so no instrument can ever collide with a
/// field type already stored. Needs cumulative temporality.
/// </summary>
public sealed class InfluxMetricLines(string measurement, string instance)
{
    public const string InstanceTag = "instance";

    /// <summary>The fields a histogram writes, after its name.</summary>
    public static readonly IReadOnlyList<string> HistogramSuffixes = ["_count", "_sum", "_p50", "_p95", "_p99"];

    private static readonly (string Suffix, double Quantile)[] Quantiles = [("_p50", 0.5), ("_p95", 0.95), ("_p99", 0.99)];

    private readonly Dictionary<string, long[]> _previousBuckets = new(StringComparer.Ordinal);

    public static bool IsCounter(MetricType type) => type is MetricType.LongSum or MetricType.DoubleSum;

    /// <summary>Writes one line per series; returns the number of lines.</summary>
    public int Write(IEnumerable<Metric> metrics, DateTimeOffset timestamp, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var writer = new LineProtocolWriter(output);
        var fields = new List<(string Key, double Value)>();
        foreach (var metric in metrics)
        {
            var name = PrometheusNames.Family(metric.Name, metric.Unit, IsCounter(metric.MetricType));
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var tags = Tags(point.Tags);
                fields.Clear();
                AddFields(fields, name, metric.MetricType, in point, tags);
                if (fields.Count == 0)
                {
                    continue;
                }

                writer.Measurement(measurement);
                foreach (var (key, value) in tags)
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

    private void AddFields(List<(string Key, double Value)> fields, string name, MetricType type, in MetricPoint point, List<(string Key, string Value)> tags)
    {
        double value;
        switch (type)
        {
            case MetricType.LongSum or MetricType.LongSumNonMonotonic:
                value = point.GetSumLong();
                break;
            case MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic:
                value = point.GetSumDouble();
                break;
            case MetricType.LongGauge:
                value = point.GetGaugeLastValueLong();
                break;
            case MetricType.DoubleGauge:
                value = point.GetGaugeLastValueDouble();
                break;
            case MetricType.Histogram:
                AddHistogram(fields, name, in point, tags);
                return;
            default:
                return;
        }

        if (double.IsFinite(value))
        {
            fields.Add((name, value));
        }
    }

    private void AddHistogram(List<(string Key, double Value)> fields, string name, in MetricPoint point, List<(string Key, string Value)> tags)
    {
        fields.Add(($"{name}_count", point.GetHistogramCount()));
        var sum = point.GetHistogramSum();
        if (double.IsFinite(sum))
        {
            fields.Add(($"{name}_sum", sum));
        }

        var bounds = new List<double>();
        var counts = new List<long>();
        foreach (var bucket in point.GetHistogramBuckets())
        {
            if (double.IsFinite(bucket.ExplicitBound))
            {
                bounds.Add(bucket.ExplicitBound);
            }

            counts.Add(bucket.BucketCount);
        }

        var key = $"{name}\0{string.Join('\0', tags.Select(t => $"{t.Key}={t.Value}"))}";
        var current = counts.ToArray();
        var window = _previousBuckets.TryGetValue(key, out var previous) && previous.Length == current.Length
            ? current.Select((c, i) => Math.Max(0, c - previous[i])).ToArray()
            : current;
        _previousBuckets[key] = current;
        foreach (var (suffix, quantile) in Quantiles)
        {
            if (HistogramQuantile.Estimate(bounds, window, quantile) is { } estimate)
            {
                fields.Add(($"{name}{suffix}", estimate));
            }
        }
    }

    /// <summary>instance plus the series' tags, sorted; values line protocol cannot carry (empty, newline, trailing '\') are left out.</summary>
    private List<(string Key, string Value)> Tags(ReadOnlyTagCollection tags)
    {
        var result = new List<(string Key, string Value)>(tags.Count + 1);
        foreach (var tag in tags)
        {
            result.Add((PrometheusNames.Label(tag.Key, InstanceTag), Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? ""));
        }

        result.Add((InstanceTag, instance));
        return [.. result
            .Where(t => t.Value.Length > 0 && t.Value[^1] != '\\' && t.Value.AsSpan().IndexOfAny('\n', '\r') < 0)
            .DistinctBy(t => t.Key, StringComparer.Ordinal)
            .OrderBy(t => t.Key, StringComparer.Ordinal)];
    }
}
