using Monitoring.Hub.Influx;

namespace Monitoring.Hub.Vitals;

/// <summary>
/// Where the buckets of an aggregated vitals query come from. The 1-minute aggregates (a year) serve
/// coarse buckets (<c>every</c> of at least <see cref="InfluxOptions.AggregateMinEvery"/>) and ranges
/// reaching back past the raw policy (30 days); everything else, and always the recent part the
/// continuous query may not have finished, comes from the raw readings. Buckets are whole minutes
/// there, so the split point falls on a bucket boundary and no bucket mixes the two.
/// </summary>
public static class VitalsSource
{
    /// <summary>
    /// The time before which buckets are read from the aggregates: null for raw readings only, at or
    /// after <paramref name="to"/> for aggregates only. Aligned to <paramref name="everySeconds"/> from the epoch, as InfluxDB aligns buckets.
    /// </summary>
    public static DateTimeOffset? AggregatesUntil(DateTimeOffset from, DateTimeOffset to, long everySeconds, DateTimeOffset now, InfluxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.AggregatesEnabled || everySeconds % 60 != 0)
        {
            return null;
        }

        var coarse = TimeSpan.FromSeconds(everySeconds) >= options.AggregateMinEvery;
        var beyondRaw = InfluxDuration.Parse(options.RetentionDuration) is { } raw && from < now - raw;
        if (!coarse && !beyondRaw)
        {
            return null;
        }

        // A minute is final once the continuous query's last run that covers it is over: FOR after it, plus one EVERY.
        var settled = (now - options.AggregateResampleFor - options.AggregateResampleEvery).ToUnixTimeSeconds();
        var cut = DateTimeOffset.FromUnixTimeSeconds(Math.Max(0, settled / everySeconds * everySeconds));
        return cut <= from ? null : cut;
    }
}
