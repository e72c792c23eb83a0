using System.Globalization;
using System.Text;
using Monitoring.Contracts.Topics;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Ingestion;

/// <summary>
/// What the ingestion benchmarks (<see cref="IngestionThroughputBenchmark"/>, <see cref="IngestionDrainBenchmark"/>)
/// share: a hub process of their own (its own PostgreSQL and InfluxDB databases, MQTT client id and shared
/// group, ingestion on, logging at Warning), <c>devices</c> assigned devices with one QoS 1 publisher each,
/// and every device's SenML messages (SpO2 + pulse, one millisecond apart) made up front so that building
/// them is not timed. Disposing stops the publishers, kills the hub and removes its broker session.
/// </summary>
internal sealed class IngestionBenchHub : IAsyncDisposable
{
    private readonly TestDatabase _database;
    private readonly string _clientId;
    private readonly List<DevicePublisher> _publishers = [];
    private readonly List<TestDevice> _devices = [];
    private byte[][][] _payloads = [];

    private IngestionBenchHub(TestDatabase database, InfluxTestDatabase influx, HubProcess hub, string clientId)
    {
        _database = database;
        Influx = influx;
        Hub = hub;
        _clientId = clientId;
    }

    public HubProcess Hub { get; }

    public InfluxTestDatabase Influx { get; }

    /// <summary>
    /// Starts the hub (<paramref name="assembly"/>: another build's, or null for this one's) and readies the devices and their
    /// <paramref name="messagesPerDevice"/> messages. <paramref name="tag"/> marks the client id and shared group (one letter per benchmark).
    /// </summary>
    public static async Task<IngestionBenchHub> StartAsync(
        string tag, int devices, int messagesPerDevice, string? assembly = null, IReadOnlyDictionary<string, string>? extraSettings = null)
    {
        var clientId = $"hub-{tag}-{HubFixture.Unique()}";
        var database = await TestDatabase.CreateAsync();
        var influx = new InfluxTestDatabase();
        var settings = new Dictionary<string, string>
        {
            ["Database:ConnectionString"] = database.ConnectionString,
            ["Influx:Url"] = influx.Url.ToString(),
            ["Influx:Database"] = influx.Name,
            ["Mqtt:Port"] = DevicePublisher.SharedBrokerPort.ToString(CultureInfo.InvariantCulture),
            ["Mqtt:Password"] = Environment.GetEnvironmentVariable("Mqtt__Password") ?? PrivateServices.HubPassword,
            ["Mqtt:ClientId"] = clientId,
            ["Mqtt:SharedGroup"] = $"{tag}{HubFixture.Unique()}",
            ["Ingestion:Enabled"] = "true",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var bench = new IngestionBenchHub(database, influx, new HubProcess(settings, assembly), clientId);
        try
        {
            await bench.Hub.StartAsync();
            await bench.ReadyDevicesAsync(devices, messagesPerDevice);
        }
        catch
        {
            await bench.DisposeAsync();
            throw;
        }

        return bench;
    }

    /// <summary>Publishes messages <paramref name="from"/> (inclusive) to <paramref name="to"/> of every device, the devices in parallel; completes on the last PUBACK.</summary>
    public Task PublishAsync(int from, int to) =>
        Task.WhenAll(_publishers.Select((p, d) => Task.Run(async () =>
        {
            var topic = DeviceTopics.Telemetry(_devices[d].Id);
            var pending = new List<Task>(to - from);
            for (var i = from; i < to; i++)
            {
                pending.Add(p.PublishAsync(topic, _payloads[d][i]));
            }

            await Task.WhenAll(pending);
        })));

    /// <summary>Closes the devices' connections (before counting, so they no longer share the cores).</summary>
    public async Task StopPublishersAsync()
    {
        foreach (var publisher in _publishers)
        {
            await publisher.DisposeAsync();
        }

        _publishers.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopPublishersAsync();
            await Hub.KillAsync();
            await IngestionFixture.ForgetSessionAsync(DevicePublisher.SharedBrokerPort, _clientId);
        }
        finally
        {
            await Hub.DisposeAsync();
            await Influx.DisposeAsync();
            await _database.DisposeAsync();
        }
    }

    private async Task ReadyDevicesAsync(int devices, int messagesPerDevice)
    {
        using var client = Hub.CreateClient();
        var seed = await RegistrySeed.LoginAsync(client);
        for (var i = 0; i < devices; i++)
        {
            _devices.Add(await seed.AssignedDeviceAsync());
        }

        var origin = DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeMilliseconds();
        _payloads = [.. _devices.Select(_ => Enumerable.Range(0, messagesPerDevice).Select(i => Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $$"""[{"bt":{{(origin + i) / 1000.0:R}},"n":"spo2","u":"%","v":{{90 + (i % 10)}}},{"n":"pr","u":"beat/min","v":{{60 + (i % 40)}}}]"""))).ToArray())];
        foreach (var device in _devices)
        {
            _publishers.Add(await DevicePublisher.ConnectAsync(DevicePublisher.SharedBrokerPort, device.Id, device.Id, device.Secret, maxInFlight: 2000));
        }
    }
}
