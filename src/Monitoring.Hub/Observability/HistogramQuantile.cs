namespace Monitoring.Hub.Observability;

/// <summary>
/// A quantile estimated from bucket counts the way Prometheus' <c>histogram_quantile</c> does:
/// linear interpolation inside the bucket that holds the rank, the first bucket starting at 0 when
/// its bound is positive, and the highest finite bound for a rank in the +Inf bucket.
/// </summary>
public static class HistogramQuantile
{
    /// <param name="bounds">Upper bounds, ascending.</param>
    /// <param name="counts">Observations per bucket (not cumulated); one more than <paramref name="bounds"/> (the +Inf bucket).</param>
    /// <param name="quantile">Between 0 and 1.</param>
    /// <returns>Null when there is no observation or no finite bound.</returns>
    public static double? Estimate(IReadOnlyList<double> bounds, IReadOnlyList<long> counts, double quantile)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentOutOfRangeException.ThrowIfLessThan(quantile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantile, 1);
        var total = counts.Sum();
        if (total == 0 || bounds.Count == 0)
        {
            return null;
        }

        var rank = quantile * total;
        long below = 0;
        for (var i = 0; i < counts.Count; i++)
        {
            var cumulative = below + counts[i];
            if (cumulative >= rank && counts[i] > 0)
            {
                if (i >= bounds.Count)
                {
                    return bounds[^1];
                }

                var upper = bounds[i];
                var lower = i == 0 ? Math.Min(0, upper) : bounds[i - 1];
                return lower + ((upper - lower) * (rank - below) / counts[i]);
            }

            below = cumulative;
        }

        return bounds[^1];
    }
}
