using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Monitoring.Contracts.Topics;
using Monitoring.Hub.Tests.Infrastructure;
using Monitoring.Hub.Tests.Ingestion;

namespace Monitoring.Hub.Tests.Alarms;

/// <summary>
/// The alarm engine under a worst-case stream on this machine: 10 devices on patients in home
/// treatment publish 10,000 messages each as fast as the broker takes them, SpO2 cycling 90-99 %, so
/// every third reading updates an open high-priority alarm and every seventh clears it; each message
/// changes the rule state (stored per batch); each device publishes in order. Timed from the first publish until every patient's
/// alarm shows the last reading and InfluxDB holds every point. Explicit: run with
/// <c>dotnet test tests/Monitoring.Hub.Tests -c Release --filter FullyQualifiedName~AlarmEngineThroughputBenchmark -- xUnit.Explicit=only</c>.
/// </summary>
[Collection(IngestionCollection.Name)]
public sealed class AlarmEngineThroughputBenchmark(ITestOutputHelper output)
{
    private const int Devices = 10;
    private const int MessagesPerDevice = 10_000;

    [Fact(Explicit = true)]
    public async Task AlarmsKeepUpWithASteadyStreamOfDesaturations()
    {
        var clientId = $"hub-ab-{HubFixture.Unique()}";
        await using var database = await TestDatabase.CreateAsync();
        await using var influx = new InfluxTestDatabase();
        await using var hub = new HubProcess(new Dictionary<string, string>
        {
            ["Database:ConnectionString"] = database.ConnectionString,
            ["Influx:Url"] = influx.Url.ToString(),
            ["Influx:Database"] = influx.Name,
            ["Mqtt:Port"] = DevicePublisher.SharedBrokerPort.ToString(CultureInfo.InvariantCulture),
            ["Mqtt:ClientId"] = clientId,
            ["Mqtt:SharedGroup"] = $"b{HubFixture.Unique()}",
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
                var device = await seed.AssignedDeviceAsync();
                using var episode = await client.PostJsonAsync($"/api/patients/{device.PatientId}/episodes", new { });
                Assert.Equal(HttpStatusCode.Created, episode.StatusCode);
                devices.Add(device);
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
                // One at a time per device, so each device's readings arrive in the order they were
                // taken (the rules read a device's backlog differently from a live stream).
                var topic = DeviceTopics.Telemetry(devices[d].Id);
                foreach (var payload in payloads[d])
                {
                    await p.PublishAsync(topic, payload);
                }
            })));
            var published = clock.Elapsed;

            // Each device's alarm is opened by its first desaturation and takes two readings of each of the
            // 1000 cycles (the second and third low reading): a count of 2000 means every message was evaluated.
            const int expectedCount = 2 * MessagesPerDevice / 10;
            var done = TimeSpan.Zero;
            var limit = clock.Elapsed + TimeSpan.FromMinutes(3);
            while (clock.Elapsed < limit)
            {
                var alarms = await client.GetJsonAsync("/api/alarms?kind=spo2_low&limit=5000");
                if (alarms.GetArrayLength() == Devices && alarms.EnumerateArray().All(a =>
                        a.GetProperty("count").GetInt32() == expectedCount && a.GetProperty("conditionCleared").GetBoolean()))
                {
                    done = clock.Elapsed;
                    break;
                }

                await Task.Delay(50, TestContext.Current.CancellationToken);
            }

            long spo2 = 0;
            limit = clock.Elapsed + TimeSpan.FromMinutes(1);
            while (clock.Elapsed < limit && (spo2 = await influx.TryCountAsync("spo2")) < (long)Devices * MessagesPerDevice)
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }

            var landed = clock.Elapsed;
            foreach (var publisher in publishers)
            {
                await publisher.DisposeAsync();
            }

            var alarmsNow = await client.GetJsonAsync("/api/alarms?kind=spo2_low&limit=5000");
            var updates = alarmsNow.EnumerateArray().Sum(a => a.GetProperty("count").GetInt32());
            const long messages = (long)Devices * MessagesPerDevice;
            output.WriteLine($"{messages} messages ({2 * messages} readings) from {Devices} monitored patients, SpO2 cycling 90-99 %: published in {published.TotalSeconds:F1} s");
            output.WriteLine($"all evaluated (every alarm at its final count) after {done.TotalSeconds:F1} s => {messages / done.TotalSeconds:F0} messages/s through the alarm engine; {updates} raises and updates folded into {alarmsNow.GetArrayLength()} open alarms");
            output.WriteLine($"all in InfluxDB after {landed.TotalSeconds:F1} s");
            if (done == TimeSpan.Zero || spo2 != messages)
            {
                output.WriteLine($"InfluxDB holds {spo2} of {messages} spo2 points");
                using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative), TestContext.Current.CancellationToken);
                output.WriteLine(await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
                var log = string.Join('\n', hub.Output().Split('\n').Where(l => !l.Contains("DBG phase", StringComparison.Ordinal)));
                output.WriteLine(log.Length > 20_000 ? log[^20_000..] : log);
            }

            Assert.NotEqual(TimeSpan.Zero, done);
            Assert.Equal(messages, spo2);
        }
        finally
        {
            await hub.KillAsync();
            await IngestionFixture.ForgetSessionAsync(DevicePublisher.SharedBrokerPort, clientId);
        }
    }
}
