using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;

namespace Monitoring.Hub.Observability;

/// <summary>
/// Bucket bounds for the hub's histograms by unit: OpenTelemetry's default bounds suit milliseconds,
/// so a histogram in seconds would put every observation in its first bucket.
/// </summary>
internal static class HistogramBuckets
{
    /// <summary>Prometheus' default buckets (client_golang <c>DefBuckets</c>), for durations in seconds.</summary>
    public static readonly double[] Seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>The same span in milliseconds, a little finer at the low end (alarm latency is tens of ms).</summary>
    public static readonly double[] Milliseconds = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

    /// <summary>A view for <c>AddView</c>: explicit bounds for histograms in s or ms, the defaults otherwise.</summary>
    public static MetricStreamConfiguration? ViewOf(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        if (!instrument.GetType().IsGenericType || instrument.GetType().GetGenericTypeDefinition() != typeof(Histogram<>))
        {
            return null;
        }

        return instrument.Unit switch
        {
            "s" => new ExplicitBucketHistogramConfiguration { Boundaries = Seconds },
            "ms" => new ExplicitBucketHistogramConfiguration { Boundaries = Milliseconds },
            _ => null,
        };
    }
}
