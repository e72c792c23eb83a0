using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Hub.Ingestion;
using Monitoring.Hub.Tests.Infrastructure;
using Monitoring.Hub.Broker;
using MQTTnet;
using MQTTnet.Formatter;

namespace Monitoring.Hub.Tests.Ingestion;

/// <summary>
/// An in-process hub that consumes device messages: its own PostgreSQL database, its own InfluxDB
/// database, its own MQTT client id and shared-subscription group (so it takes no other class's
/// messages and leaves no session behind), on the shared test broker unless a subclass points it elsewhere.
/// </summary>
public class IngestionFixture : HubFixture, IAsyncLifetime
{
    private RegistrySeed? _seed;

    public InfluxTestDatabase Influx { get; private set; } = null!;

    public string ClientId { get; } = $"hub-t-{Unique()}";

    public virtual string SharedGroup { get; } = $"t{Unique()}";

    public virtual int BrokerPort => DevicePublisher.SharedBrokerPort;

    public virtual string BrokerAdminPassword => DevicePublisher.SharedAdminPassword;

    protected virtual Uri InfluxUrl => InfluxTestDatabase.BaseUrl;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(ExtraSettings)
    {
        ["Ingestion:Enabled"] = "true",
        ["Influx:Url"] = InfluxUrl.ToString(),
        ["Influx:Database"] = Influx.Name,
        ["Mqtt:ClientId"] = ClientId,
        ["Mqtt:SharedGroup"] = SharedGroup,
        ["Mqtt:Port"] = BrokerPort.ToString(CultureInfo.InvariantCulture),
        // MQTT 5 session expiry: a session a crashed test run leaves on the shared broker goes away by itself.
        ["Mqtt:SessionExpiry"] = "00:30:00",
    };

    protected virtual IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    public new async ValueTask InitializeAsync()
    {
        await StartDependenciesAsync();
        Influx = new InfluxTestDatabase(InfluxUrl);
        await base.InitializeAsync();
        var consumer = Factory.Services.GetRequiredService<MqttIngestionConsumer>();
        await BoundedWait.UntilAsync(() => consumer.IsConsuming, TimeSpan.FromSeconds(60),
            () => $"the hub's ingestion did not subscribe: {consumer.LastFailure}", CancellationToken.None);
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await ForgetSessionAsync(BrokerPort, ClientId);
        await Influx.DisposeAsync();
        await StopDependenciesAsync();
        GC.SuppressFinalize(this);
    }

    protected virtual Task StartDependenciesAsync() => Task.CompletedTask;

    protected virtual Task StopDependenciesAsync() => Task.CompletedTask;

    public async Task<RegistrySeed> SeedAsync() => _seed ??= new RegistrySeed(await AdminAsync());

    /// <summary>
    /// A new patient with a new device on them since <paramref name="assignedFor"/> ago (default 30 days): the
    /// API assigns from "now", and readings are attributed only from the assignment on, so a test that sends
    /// past readings (a backlog) moves the start back in the database and tells ingestion, as the registry would.
    /// </summary>
    public async Task<TestDevice> AssignedDeviceAsync(TimeSpan? assignedFor = null)
    {
        var device = await (await SeedAsync()).AssignedDeviceAsync();
        await using (var command = Database.DataSource.CreateCommand(
            "UPDATE device_assignments SET from_at = from_at - @back WHERE device_id = @id AND to_at IS NULL"))
        {
            command.Parameters.AddWithValue("back", assignedFor ?? TimeSpan.FromDays(30));
            command.Parameters.AddWithValue("id", device.Id);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        Factory.Services.GetRequiredService<IAssignmentChanges>().DeviceChanged(device.Id);
        return device;
    }

    public Task<DevicePublisher> PublisherAsync(TestDevice device) => DevicePublisher.AsDeviceAsync(BrokerPort, device);

    public Task<DevicePublisher> AdminPublisherAsync(int maxInFlight = 1000) => DevicePublisher.AsAdminAsync(BrokerPort, BrokerAdminPassword, maxInFlight);

    /// <summary>Waits (bounded) until InfluxDB holds <paramref name="expected"/> points of <paramref name="field"/> for the patient.</summary>
    public Task WaitForCountAsync(string field, Guid patientId, long expected, TimeSpan? timeout = null) =>
        WaitForCountAsync(Influx, field, patientId, expected, timeout);

    public static async Task WaitForCountAsync(InfluxTestDatabase influx, string field, Guid? patientId, long expected, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(influx);
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        var started = System.Diagnostics.Stopwatch.StartNew();
        long count = -1;
        while (started.Elapsed < limit)
        {
            count = await influx.TryCountAsync(field, patientId);
            if (count >= expected)
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.True(count == expected, $"InfluxDB holds {count} points of {field} for patient {patientId}, expected {expected} (waited {started.Elapsed.TotalSeconds:0} s)");
    }

    /// <summary>The newest rejected messages through the API, of one device.</summary>
    public async Task<IReadOnlyList<JsonElement>> RejectedAsync(string deviceId)
    {
        var admin = await AdminAsync();
        using var response = await admin.GetAsync("/api/ingest/rejected?limit=1000");
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"rejected answered {(int)response.StatusCode}: {body}");
        return [.. body.EnumerateArray().Where(e => e.GetProperty("deviceId").GetString() == deviceId).Select(e => e.Clone())];
    }

    /// <summary>Removes the hub's persistent session from the broker (a clean-start connect with its client id, session expiry 0).</summary>
    public static async Task ForgetSessionAsync(int port, string clientId, string password = PrivateServices.HubPassword)
    {
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId(clientId)
            .WithCredentials("hub", Environment.GetEnvironmentVariable("Mqtt__Password") ?? password)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart()
            .WithTimeout(TimeSpan.FromSeconds(5))
            .Build();
        using var client = new MqttClientFactory().CreateMqttClient();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            if ((await client.ConnectAsync(options, timeout.Token)).ResultCode == MqttClientConnectResultCode.Success)
            {
                await client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token);
            }
        }
        catch (Exception ex) when (BrokerConnection.IsTransient(ex))
        {
            // The broker is gone (a private one, already stopped): its sessions went with it.
        }
    }
}
