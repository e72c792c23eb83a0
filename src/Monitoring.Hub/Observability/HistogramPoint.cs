namespace Monitoring.Hub.Observability;

/// <summary>
/// A histogram series: <see cref="BucketCounts"/> holds the observations per bucket, not cumulated:
/// index i counts values in (Bounds[i-1], Bounds[i]], the last index those above the last bound.
/// </summary>
public sealed record HistogramPoint(IReadOnlyList<double> Bounds, IReadOnlyList<long> BucketCounts, double Sum)
{
    public long Count => BucketCounts.Sum();
}
