using System.Buffers;
using System.Text;
using Monitoring.Hub.Observability;

namespace Monitoring.Hub.Tests.Observability;

/// <summary>The InfluxDB copy of the figures: one point per series, the /metrics names as fields, windowed quantiles.</summary>
public sealed class InfluxMetricLinesTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeMilliseconds(1_763_798_400_000);

    private static string Write(InfluxMetricLines lines, params MetricFamily[] families)
    {
        var buffer = new ArrayBufferWriter<byte>();
        lines.Write(families, At, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Fact]
    public void CountersAndGaugesBecomeOneFloatFieldPerSeriesTaggedWithTheInstance()
    {
        var lines = new InfluxMetricLines("hub_metrics", "hub-1");
        var messages = new MetricFamily("M", "rpm.ingest.messages", "{message}", null, MetricType.Counter,
            [new([new("topic", "telemetry")], 5), new([new("topic", "status")], 2)]);
        var depth = new MetricFamily("M", "rpm.ingest.buffer_depth", "{line}", null, MetricType.Gauge, [new([], 12)]);

        var text = Write(lines, messages, depth);

        Assert.Equal(
            "hub_metrics,instance=hub-1,topic=telemetry rpm_ingest_messages_total=5 1763798400000\n"
            + "hub_metrics,instance=hub-1,topic=status rpm_ingest_messages_total=2 1763798400000\n"
            + "hub_metrics,instance=hub-1 rpm_ingest_buffer_depth=12 1763798400000\n",
            text);
    }

    [Fact]
    public void AHistogramWritesRunningCountAndSumAndQuantilesOfTheObservationsSinceTheLastReport()
    {
        var lines = new InfluxMetricLines("hub_metrics", "hub-1");
        static MetricFamily Latency(long[] buckets, double sum) => new("M", "push", "ms", null, MetricType.Histogram,
            [new([], sum, new HistogramPoint([10, 100], buckets, sum))]);

        var first = Write(lines, Latency([10, 0, 0], 50));
        var second = Write(lines, Latency([10, 10, 0], 600));
        var idle = Write(lines, Latency([10, 10, 0], 600));

        Assert.Equal("hub_metrics,instance=hub-1 push_milliseconds_count=10,push_milliseconds_sum=50,push_milliseconds_p50=5,push_milliseconds_p95=9.5,push_milliseconds_p99=9.9 1763798400000\n", first);
        Assert.Equal("hub_metrics,instance=hub-1 push_milliseconds_count=20,push_milliseconds_sum=600,push_milliseconds_p50=55,push_milliseconds_p95=95.5,push_milliseconds_p99=99.1 1763798400000\n", second);
        Assert.Equal("hub_metrics,instance=hub-1 push_milliseconds_count=20,push_milliseconds_sum=600 1763798400000\n", idle);
    }

    [Fact]
    public void ASeriesOwnInstanceTagAndValuesLineProtocolCannotCarryAreHandled()
    {
        var lines = new InfluxMetricLines("hub_metrics", "hub-2");
        var family = new MetricFamily("M", "odd", null, null, MetricType.Gauge,
            [new([new("instance", "x"), new("empty", ""), new("path", "a\\"), new("ok", "a b")], 1)]);

        Assert.Equal("hub_metrics,exported_instance=x,instance=hub-2,ok=a\\ b odd=1 1763798400000\n", Write(lines, family));
    }
}
