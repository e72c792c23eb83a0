namespace Monitoring.Hub.Observability;

/// <summary>
/// One series of an instrument: its tags (sorted by key, values as text) and its value, or for
/// a histogram its buckets (<see cref="Value"/> is then the sum).
/// </summary>
public sealed record MetricPoint(IReadOnlyList<KeyValuePair<string, string>> Tags, double Value, HistogramPoint? Histogram = null);
