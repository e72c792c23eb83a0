using System.Buffers;
using System.Diagnostics.Metrics;
using System.Text;
using Monitoring.Hub.Observability;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Monitoring.Hub.Tests.Observability;

/// <summary>The InfluxDB copy of OpenTelemetry's figures: one point per series, the /metrics names as fields, windowed quantiles.</summary>
public sealed class InfluxMetricLinesTests : IDisposable
{
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeMilliseconds(1_763_798_400_000);

    private readonly Meter _meter = new($"Test.InfluxLines.{Guid.NewGuid():N}");

    public void Dispose() => _meter.Dispose();

    [Fact]
    public void CountersAndGaugesBecomeOneFloatFieldPerSeriesTaggedWithTheInstance()
    {
        var (provider, exporter) = Provider(new InfluxMetricLines("hub_metrics", "hub-1"));
        using var _ = provider;
        var messages = _meter.CreateCounter<long>("rpm.ingest.messages", "{message}");
        _meter.CreateObservableGauge("rpm.ingest.buffer_depth", () => 12, "{line}");
        messages.Add(5, new KeyValuePair<string, object?>("topic", "telemetry"));
        messages.Add(2, new KeyValuePair<string, object?>("topic", "status"));

        provider.ForceFlush();

        Assert.Equal(
            [
                "hub_metrics,instance=hub-1 rpm_ingest_buffer_depth=12 1763798400000",
                "hub_metrics,instance=hub-1,topic=status rpm_ingest_messages_total=2 1763798400000",
                "hub_metrics,instance=hub-1,topic=telemetry rpm_ingest_messages_total=5 1763798400000",
            ],
            exporter.Lines.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AHistogramWritesRunningCountAndSumAndQuantilesOfTheObservationsSinceTheLastReport()
    {
        var (provider, exporter) = Provider(new InfluxMetricLines("hub_metrics", "hub-1"));
        using var _ = provider;
        var push = _meter.CreateHistogram<double>("push", "ms");

        for (var i = 0; i < 10; i++)
        {
            push.Record(5);
        }

        provider.ForceFlush();
        var first = exporter.Lines;
        for (var i = 0; i < 10; i++)
        {
            push.Record(55);
        }

        provider.ForceFlush();
        var second = exporter.Lines;
        provider.ForceFlush();
        var idle = exporter.Lines;

        Assert.Equal(["hub_metrics,instance=hub-1 push_milliseconds_count=10,push_milliseconds_sum=50,push_milliseconds_p50=5,push_milliseconds_p95=9.5,push_milliseconds_p99=9.9 1763798400000"], first);
        Assert.Equal(["hub_metrics,instance=hub-1 push_milliseconds_count=20,push_milliseconds_sum=600,push_milliseconds_p50=55,push_milliseconds_p95=95.5,push_milliseconds_p99=99.1 1763798400000"], second);
        Assert.Equal(["hub_metrics,instance=hub-1 push_milliseconds_count=20,push_milliseconds_sum=600 1763798400000"], idle);
    }

    [Fact]
    public void ASeriesOwnInstanceTagAndValuesLineProtocolCannotCarryAreHandled()
    {
        var (provider, exporter) = Provider(new InfluxMetricLines("hub_metrics", "hub-2"));
        using var _ = provider;
        _meter.CreateObservableGauge("odd", () => new Measurement<int>(1,
            new("instance", "x"), new("empty", ""), new("path", "a\\"), new("ok", "a b")));

        provider.ForceFlush();

        Assert.Equal(["hub_metrics,exported_instance=x,instance=hub-2,ok=a\\ b odd=1 1763798400000"], exporter.Lines);
    }

    private (MeterProvider Provider, LinesExporter Exporter) Provider(InfluxMetricLines lines)
    {
        var exporter = new LinesExporter(lines);
        var provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(_meter.Name)
            .AddView("push", new ExplicitBucketHistogramConfiguration { Boundaries = [10, 100] })
            .AddReader(new BaseExportingMetricReader(exporter) { TemporalityPreference = MetricReaderTemporalityPreference.Cumulative })
            .Build();
        return (provider, exporter);
    }

    /// <summary>Writes each collection with the lines under test, as the InfluxDB exporter does.</summary>
    private sealed class LinesExporter(InfluxMetricLines lines) : BaseExporter<Metric>
    {
        public IReadOnlyList<string> Lines { get; private set; } = [];

        public override ExportResult Export(in Batch<Metric> batch)
        {
            var metrics = new List<Metric>();
            foreach (var metric in batch)
            {
                metrics.Add(metric);
            }

            var buffer = new ArrayBufferWriter<byte>();
            lines.Write(metrics, At, buffer);
            Lines = Encoding.UTF8.GetString(buffer.WrittenSpan).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return ExportResult.Success;
        }
    }
}
