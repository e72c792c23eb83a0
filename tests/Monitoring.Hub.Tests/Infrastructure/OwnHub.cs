using System.Globalization;
using Monitoring.Hub.Tests.Ingestion;

namespace Monitoring.Hub.Tests.Infrastructure;

/// <summary>
/// A hub process on its own PostgreSQL database and InfluxDB database, consuming the shared test broker
/// with its own client id and subscription group; disposing it stops the process, forgets its broker
/// session and drops both databases.
/// </summary>
public sealed class OwnHub : IAsyncDisposable
{
    private OwnHub(string clientId, TestDatabase database, InfluxTestDatabase influx, HubProcess process)
    {
        ClientId = clientId;
        Database = database;
        Influx = influx;
        Process = process;
    }

    public string ClientId { get; }

    public TestDatabase Database { get; }

    public InfluxTestDatabase Influx { get; }

    public HubProcess Process { get; }

    public static async Task<OwnHub> StartAsync(string clientId, IReadOnlyDictionary<string, string>? extra = null)
    {
        var database = await TestDatabase.CreateAsync();
        var influx = new InfluxTestDatabase();
        var settings = new Dictionary<string, string>
        {
            ["Database:ConnectionString"] = database.ConnectionString,
            ["Influx:Url"] = InfluxTestDatabase.BaseUrl.ToString(),
            ["Influx:Database"] = influx.Name,
            ["Mqtt:ClientId"] = clientId,
            ["Mqtt:SharedGroup"] = $"t{HubFixture.Unique()}",
            ["Mqtt:Port"] = DevicePublisher.SharedBrokerPort.ToString(CultureInfo.InvariantCulture),
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var process = new HubProcess(settings);
        var hub = new OwnHub(clientId, database, influx, process);
        try
        {
            await process.StartAsync();
        }
        catch
        {
            await hub.DisposeAsync();
            throw;
        }

        return hub;
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        await IngestionFixture.ForgetSessionAsync(DevicePublisher.SharedBrokerPort, ClientId);
        await Influx.DisposeAsync();
        await Database.DisposeAsync();
    }
}
