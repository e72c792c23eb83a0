using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Monitoring.Hub.Observability;

namespace Monitoring.Hub.Tests.Observability;

/// <summary>The exposition writer over a real MeterListener: exact text of the 0.0.4 format for known instruments.</summary>
public sealed class PrometheusTextTests
{
    [Fact]
    public void CountersGaugesAndHistogramsAreWrittenExactlyInTheTextFormat()
    {
        using var harness = new CollectorHarness();
        var requests = harness.Meter.CreateCounter<long>("test.requests", "{request}", "Requests handled");
        var latency = harness.Meter.CreateHistogram("test.latency", "s", "Time to answer", null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1] });
        var active = harness.Meter.CreateUpDownCounter<int>("test.active");
        harness.Meter.CreateObservableGauge("test.queue", () => 7, "{item}", "Items waiting");
        requests.Add(2, new KeyValuePair<string, object?>("method", "GET"));
        requests.Add(1, new KeyValuePair<string, object?>("method", "POST"));
        requests.Add(1, new KeyValuePair<string, object?>("method", "GET"));
        latency.Record(0.0625);
        latency.Record(0.5);
        latency.Record(2);
        active.Add(5);
        active.Add(-2);

        var text = harness.Exposition();

        Assert.Equal(
            """
            # HELP test_active test.active
            # TYPE test_active gauge
            test_active 3
            # HELP test_latency_seconds Time to answer
            # TYPE test_latency_seconds histogram
            test_latency_seconds_bucket{le="0.1"} 1
            test_latency_seconds_bucket{le="1"} 2
            test_latency_seconds_bucket{le="+Inf"} 3
            test_latency_seconds_sum 2.5625
            test_latency_seconds_count 3
            # HELP test_queue Items waiting
            # TYPE test_queue gauge
            test_queue 7
            # HELP test_requests_total Requests handled
            # TYPE test_requests_total counter
            test_requests_total{method="GET"} 3
            test_requests_total{method="POST"} 1

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void LabelValuesAndHelpTextAreEscapedAndNamesSanitised()
    {
        using var harness = new CollectorHarness();
        var counter = harness.Meter.CreateCounter<long>("9lives.sent-bytes", "By", "Bytes sent \\ to \"peers\"\nper peer");
        counter.Add(5,
            new KeyValuePair<string, object?>("mqtt.client.id", "a\\b\"c\nd"),
            new KeyValuePair<string, object?>("__reserved", "x"));

        var text = harness.Exposition();

        Assert.Equal(
            """
            # HELP _9lives_sent_bytes_total Bytes sent \\ to "peers"\nper peer
            # TYPE _9lives_sent_bytes_total counter
            _9lives_sent_bytes_total{_reserved="x",mqtt_client_id="a\\b\"c\nd"} 5

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void UnitsBecomeWordsOnceAndAHistogramsOwnLeTagIsRenamed()
    {
        using var harness = new CollectorHarness();
        harness.Meter.CreateCounter<long>("net.bytes.sent", "By").Add(1);
        harness.Meter.CreateCounter<double>("gc.pause", "s").Add(0.25);
        var histogram = harness.Meter.CreateHistogram<double>("push.delay", "ms");
        histogram.Record(3, new KeyValuePair<string, object?>("le", "x"));

        var text = harness.Exposition();

        Assert.Contains("\nnet_bytes_sent_total 1\n", text, StringComparison.Ordinal);
        Assert.Contains("\ngc_pause_seconds_total 0.25\n", text, StringComparison.Ordinal);
        Assert.Contains("\npush_delay_milliseconds_bucket{exported_le=\"x\",le=\"2.5\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("\npush_delay_milliseconds_bucket{exported_le=\"x\",le=\"5\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("\npush_delay_milliseconds_count{exported_le=\"x\"} 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void AnObservableInstrumentShowsOnlyTheSeriesItReportsNow()
    {
        using var harness = new CollectorHarness();
        var reported = new List<Measurement<long>> { new(1, new KeyValuePair<string, object?>("tier", "red")), new(2, new KeyValuePair<string, object?>("tier", "green")) };
        harness.Meter.CreateObservableGauge("census", () => reported);

        var before = harness.Exposition();
        reported.RemoveAt(0);
        var after = harness.Exposition();

        Assert.Contains("census{tier=\"red\"} 1\n", before, StringComparison.Ordinal);
        Assert.DoesNotContain("tier=\"red\"", after, StringComparison.Ordinal);
        Assert.Contains("census{tier=\"green\"} 2\n", after, StringComparison.Ordinal);
    }

    [Fact]
    public void OneTagSetIsOneSeriesWhateverTheOrderAndTypeOfItsTags()
    {
        using var harness = new CollectorHarness();
        var counter = harness.Meter.CreateCounter<long>("hits");
        counter.Add(1, new KeyValuePair<string, object?>("code", "7"));
        counter.Add(1, new KeyValuePair<string, object?>("code", 7));
        counter.Add(1, new KeyValuePair<string, object?>("a", "x"), new KeyValuePair<string, object?>("b", "y"));
        counter.Add(1, new KeyValuePair<string, object?>("b", "y"), new KeyValuePair<string, object?>("a", "x"));

        var text = harness.Exposition();

        Assert.Equal("# TYPE hits_total counter\nhits_total{a=\"x\",b=\"y\"} 2\nhits_total{code=\"7\"} 2\n", text[text.IndexOf("# TYPE", StringComparison.Ordinal)..]);
    }

    [Fact]
    public void AnInstrumentWithoutMeasurementsIsDeclaredWithoutSamples()
    {
        using var harness = new CollectorHarness();
        harness.Meter.CreateCounter<long>("idle", null, "Nothing yet");

        Assert.Equal("# HELP idle_total Nothing yet\n# TYPE idle_total counter\n", harness.Exposition());
    }

    [Fact]
    public void MetersOfAnotherHostsFactoryAreNotCollected()
    {
        using var harness = new CollectorHarness();
        using var otherServices = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var other = otherServices.GetRequiredService<IMeterFactory>().Create(harness.MeterName);
        other.CreateCounter<long>("theirs").Add(1);
        harness.Meter.CreateCounter<long>("ours").Add(1);

        var text = harness.Exposition();

        Assert.Contains("ours_total 1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("theirs", text, StringComparison.Ordinal);
    }

    [Fact]
    public void AMeterPrefixEndingInADotTakesEveryMeterUnderIt()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        var prefix = $"Test.Prefix{Guid.NewGuid():N}.";
        using var collector = new MetricsCollector(factory, Options.Create(new MetricsOptions { Meters = prefix }));
        factory.Create(prefix + "A").CreateCounter<long>("under.prefix").Add(1);
        factory.Create(prefix.TrimEnd('.') + "Other").CreateCounter<long>("beside.prefix").Add(1);

        var names = collector.Collect().Select(f => f.InstrumentName).ToList();

        Assert.Equal(["under.prefix"], names);
    }

    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e21, "1E+21")]
    [InlineData(-3.0, "-3")]
    public void NumbersAreWrittenAsPrometheusParsesThem(double value, string expected) =>
        Assert.Equal(expected, PrometheusText.Number(value));
}
