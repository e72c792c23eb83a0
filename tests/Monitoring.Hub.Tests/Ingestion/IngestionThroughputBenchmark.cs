using System.Diagnostics;

namespace Monitoring.Hub.Tests.Ingestion;

/// <summary>
/// Readings per second through the whole path on this machine: 100,000 messages of 2 readings from
/// 10 devices, published at QoS 1 as fast as the broker takes them, into a hub running as its own
/// process; timed from the first publish until InfluxDB holds all 200,000 points. Explicit: run with
/// <c>dotnet test tests/Monitoring.Hub.Tests -c Release --filter FullyQualifiedName~IngestionThroughputBenchmark -- xUnit.Explicit=only</c>
/// (or <c>scripts/bench-ingest.sh</c>).
/// </summary>
[Collection(IngestionCollection.Name)]
public sealed class IngestionThroughputBenchmark(ITestOutputHelper output)
{
    private const int Devices = 10;
    private const int MessagesPerDevice = 10_000;

    [Fact(Explicit = true)]
    public async Task ReadingsPerSecondForASteadyStream()
    {
        await using var bench = await IngestionBenchHub.StartAsync("b", Devices, MessagesPerDevice);
        var clock = Stopwatch.StartNew();
        await bench.PublishAsync(0, MessagesPerDevice);
        var published = clock.Elapsed;
        const long expected = (long)Devices * MessagesPerDevice;
        long spo2 = 0;
        while (clock.Elapsed < TimeSpan.FromMinutes(10) && (spo2 = await bench.Influx.TryCountAsync("spo2")) < expected)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        var landed = clock.Elapsed;
        var pr = await bench.Influx.CountAsync("pr");
        await bench.StopPublishersAsync();

        var readings = spo2 + pr;
        output.WriteLine($"{expected} messages ({2 * expected} readings) from {Devices} devices: published in {published.TotalSeconds:F1} s, all in InfluxDB after {landed.TotalSeconds:F1} s");
        output.WriteLine($"=> {readings / landed.TotalSeconds:F0} readings/s ({expected / landed.TotalSeconds:F0} messages/s) end to end");
        Assert.Equal(2 * expected, readings);
    }
}
