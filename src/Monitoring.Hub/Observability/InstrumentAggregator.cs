using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Monitoring.Hub.Observability;

/// <summary>Everything one instrument has recorded, by tag set.</summary>
internal sealed class InstrumentAggregator
{
    /// <summary>Prometheus' default buckets (client_golang <c>DefBuckets</c>), for durations in seconds.</summary>
    internal static readonly double[] SecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>The same range in milliseconds, from 1 ms.</summary>
    internal static readonly double[] MillisecondsBuckets = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

    /// <summary>OpenTelemetry's default explicit buckets, for any other unit.</summary>
    internal static readonly double[] DefaultBuckets = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    private readonly ConcurrentDictionary<string, SeriesAggregator> _series = new(StringComparer.Ordinal);

    // The hub's hot-path measurements carry one string tag (topic, reason, client id): found without allocating.
    private readonly ConcurrentDictionary<(string Key, string Value), SeriesAggregator> _singleTag = new();
    private readonly double[]? _bounds;
    private readonly bool _accumulates;

    public InstrumentAggregator(Instrument instrument)
    {
        Instrument = instrument;
        var definition = instrument.GetType().IsGenericType ? instrument.GetType().GetGenericTypeDefinition() : null;
        if (definition == typeof(Histogram<>))
        {
            Type = MetricType.Histogram;
            _bounds = BucketsOf(instrument);
        }
        else if (definition == typeof(Counter<>) || definition == typeof(ObservableCounter<>))
        {
            Type = MetricType.Counter;
        }
        else
        {
            Type = MetricType.Gauge;
        }

        // Synchronous counters report increments; observable instruments and gauges report the value itself.
        _accumulates = definition == typeof(Counter<>) || definition == typeof(UpDownCounter<>);
    }

    public Instrument Instrument { get; }

    public MetricType Type { get; }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var series = Series(tags);
        if (_bounds is not null)
        {
            series.Observe(value);
        }
        else if (_accumulates)
        {
            series.Add(value);
        }
        else
        {
            series.Set(value);
        }
    }

    /// <summary>Forgets the series of an observable instrument before its callback reports the current ones.</summary>
    public void ClearObservations()
    {
        _series.Clear();
        _singleTag.Clear();
    }

    public MetricFamily Snapshot() => new(
        Instrument.Meter.Name,
        Instrument.Name,
        string.IsNullOrEmpty(Instrument.Unit) ? null : Instrument.Unit,
        string.IsNullOrEmpty(Instrument.Description) ? null : Instrument.Description,
        Type,
        [.. _series.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Value.Snapshot())]);

    private SeriesAggregator Series(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return _series.TryGetValue(string.Empty, out var untagged)
                ? untagged
                : _series.GetOrAdd(string.Empty, _ => new SeriesAggregator([], _bounds));
        }

        if (tags.Length == 1 && tags[0].Value is string value)
        {
            var key = (tags[0].Key, value);
            if (!_singleTag.TryGetValue(key, out var single))
            {
                // SeriesOf returns the one aggregator of that tag set, so a racing thread adds the same.
                single = SeriesOf(tags);
                _singleTag.TryAdd(key, single);
            }

            return single;
        }

        return SeriesOf(tags);
    }

    private SeriesAggregator SeriesOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var sorted = new KeyValuePair<string, string>[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            sorted[i] = new(tags[i].Key, Convert.ToString(tags[i].Value, CultureInfo.InvariantCulture) ?? string.Empty);
        }

        Array.Sort(sorted, (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var key = new StringBuilder();
        foreach (var (k, v) in sorted)
        {
            key.Append(k).Append('\0').Append(v).Append('\0');
        }

        var text = key.ToString();
        return _series.TryGetValue(text, out var found) ? found : _series.GetOrAdd(text, _ => new SeriesAggregator(sorted, _bounds));
    }

    private static double[] BucketsOf(Instrument instrument)
    {
        IReadOnlyList<double>? advised = instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries,
            Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToList(),
            Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToList(),
            Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToList(),
            _ => null,
        };
        if (advised is { Count: > 0 })
        {
            return [.. advised.Where(double.IsFinite).Distinct().Order()];
        }

        return instrument.Unit switch
        {
            "s" => SecondsBuckets,
            "ms" => MillisecondsBuckets,
            _ => DefaultBuckets,
        };
    }
}
