namespace Monitoring.Hub.Observability;

/// <summary>
/// The running value of one series (one tag set) of one instrument, updated lock-free from any
/// thread: a sum (counters), the last value (gauges, observations) or bucket counts (histograms).
/// </summary>
internal sealed class SeriesAggregator
{
    private readonly double[]? _bounds;
    private readonly long[]? _buckets;
    private double _value;

    public SeriesAggregator(KeyValuePair<string, string>[] tags, double[]? bounds)
    {
        Tags = tags;
        _bounds = bounds;
        _buckets = bounds is null ? null : new long[bounds.Length + 1];
    }

    public KeyValuePair<string, string>[] Tags { get; }

    public void Add(double value)
    {
        var current = Volatile.Read(ref _value);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref _value, current + value, current);
            if (seen.Equals(current))
            {
                return;
            }

            current = seen;
        }
    }

    public void Set(double value) => Interlocked.Exchange(ref _value, value);

    /// <summary>A histogram observation: counted in the first bucket whose bound is at least the value (Prometheus' <c>le</c>).</summary>
    public void Observe(double value)
    {
        if (_bounds is null || _buckets is null || double.IsNaN(value))
        {
            return;
        }

        var index = Array.BinarySearch(_bounds, value);
        Interlocked.Increment(ref _buckets[index >= 0 ? index : ~index]);
        Add(value);
    }

    public MetricPoint Snapshot() => _buckets is null || _bounds is null
        ? new MetricPoint(Tags, Volatile.Read(ref _value))
        : new MetricPoint(Tags, Volatile.Read(ref _value),
            new HistogramPoint(_bounds, [.. _buckets.Select((_, i) => Interlocked.Read(ref _buckets[i]))], Volatile.Read(ref _value)));
}
