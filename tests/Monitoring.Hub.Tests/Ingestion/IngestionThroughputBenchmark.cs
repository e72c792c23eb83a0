using System.Diagnostics;
using System.Globalization;
using System.Text;
using Monitoring.Contracts.Topics;
using Monitoring.Hub.Tests.Infrastructure;

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
        var clientId = $"hub-b-{HubFixture.Unique()}";
        await using var database = await TestDatabase.CreateAsync();
        await using var influx = new InfluxTestDatabase();
        await using var hub = new HubProcess(new Dictionary<string, string>
        {
            ["Database:ConnectionString"] = database.ConnectionString,
            ["Influx:Url"] = influx.Url.ToString(),
            ["Influx:Database"] = influx.Name,
            ["Mqtt:Port"] = DevicePublisher.SharedBrokerPort.ToString(CultureInfo.InvariantCulture),
            ["Mqtt:Password"] = Environment.GetEnvironmentVariable("Mqtt__Password") ?? PrivateServices.HubPassword,
            ["Mqtt:ClientId"] = clientId,
            ["Mqtt:SharedGroup"] = $"b{HubFixture.Unique()}",
            ["Ingestion:Enabled"] = "true",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        });
        await hub.StartAsync();
        try
        {
            using var client = hub.CreateClient();
            var seed = await RegistrySeed.LoginAsync(client);
            var devices = new List<TestDevice>();
            for (var i = 0; i < Devices; i++)
            {
                devices.Add(await seed.AssignedDeviceAsync());
            }

            var origin = DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeMilliseconds();
            var payloads = devices.Select(d => Enumerable.Range(0, MessagesPerDevice).Select(i => Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                $$"""[{"bt":{{(origin + i) / 1000.0:R}},"n":"spo2","u":"%","v":{{90 + (i % 10)}}},{"n":"pr","u":"beat/min","v":{{60 + (i % 40)}}}]"""))).ToArray()).ToArray();
            var publishers = new List<DevicePublisher>();
            foreach (var device in devices)
            {
                publishers.Add(await DevicePublisher.ConnectAsync(DevicePublisher.SharedBrokerPort, device.Id, device.Id, device.Secret, maxInFlight: 2000));
            }

            var clock = Stopwatch.StartNew();
            await Task.WhenAll(publishers.Select((p, d) => Task.Run(async () =>
            {
                var topic = DeviceTopics.Telemetry(devices[d].Id);
                var pending = new List<Task>(MessagesPerDevice);
                foreach (var payload in payloads[d])
                {
                    pending.Add(p.PublishAsync(topic, payload));
                }

                await Task.WhenAll(pending);
            })));
            var published = clock.Elapsed;
            const long expected = (long)Devices * MessagesPerDevice;
            long spo2 = 0;
            while (clock.Elapsed < TimeSpan.FromMinutes(10) && (spo2 = await influx.TryCountAsync("spo2")) < expected)
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }

            var landed = clock.Elapsed;
            var pr = await influx.CountAsync("pr");
            foreach (var publisher in publishers)
            {
                await publisher.DisposeAsync();
            }

            var readings = spo2 + pr;
            output.WriteLine($"{expected} messages ({2 * expected} readings) from {Devices} devices: published in {published.TotalSeconds:F1} s, all in InfluxDB after {landed.TotalSeconds:F1} s");
            output.WriteLine($"=> {readings / landed.TotalSeconds:F0} readings/s ({expected / landed.TotalSeconds:F0} messages/s) end to end");
            Assert.Equal(2 * expected, readings);
        }
        finally
        {
            await hub.KillAsync();
            await IngestionFixture.ForgetSessionAsync(DevicePublisher.SharedBrokerPort, clientId);
        }
    }
}
