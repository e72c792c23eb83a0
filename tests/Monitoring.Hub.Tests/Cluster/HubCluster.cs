using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Monitoring.Hub.Tests.Infrastructure;
using Monitoring.Hub.Tests.Ingestion;
using Monitoring.Hub.Tests.Realtime;

namespace Monitoring.Hub.Tests.Cluster;

/// <summary>
/// N real hub processes as one cluster (docs/scale-out.md) on the real broker, PostgreSQL, InfluxDB
/// and Redis: a database and Influx database of their own, one shared-subscription group, Orleans
/// membership in Redis under a cluster id of their own, and the SignalR backplane and realtime peers
/// under a Redis channel prefix of their own. Every hub is equal: there is no leader to wait for.
/// </summary>
public abstract class HubCluster(int count) : IAsyncLifetime
{
    private readonly string _unique = HubFixture.Unique();
    private readonly List<HubProcess> _hubs = [];
    private TestDatabase _database = null!;

    public InfluxTestDatabase Influx { get; private set; } = null!;

    public IReadOnlyList<HubProcess> Hubs => _hubs;

    public HubProcess A => _hubs[0];

    public HubProcess B => _hubs[1];

    public static int BrokerPort => DevicePublisher.SharedBrokerPort;

    /// <summary>The test stack's Redis (<c>services.sh env</c>), or the development defaults of services.sh.</summary>
    public static string RedisConfiguration =>
        Environment.GetEnvironmentVariable("MON_REDIS_CONFIGURATION") is { Length: > 0 } configured
            ? configured
            : $"127.0.0.1:{Environment.GetEnvironmentVariable("REDIS_PORT") ?? "6379"},user=hub,password={Environment.GetEnvironmentVariable("REDIS_PASSWORD") ?? "dev-redis-hub"}";

    /// <summary>The Orleans cluster (and service) id of these hubs.</summary>
    public string ClusterId => $"t{_unique}";

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        Influx = new InfluxTestDatabase();
        for (var i = 0; i < count; i++)
        {
            _hubs.Add(Hub(i));
        }

        // One at a time: the first creates the schema, and each joins a membership the others already hold.
        foreach (var hub in _hubs)
        {
            await hub.StartAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var hub in _hubs)
        {
            await hub.DisposeAsync();
        }

        for (var i = 0; i < count; i++)
        {
            await IngestionFixture.ForgetSessionAsync(BrokerPort, ClientId(i));
        }

        // The Orleans membership table these hubs left in the shared Redis (its key is {ServiceId}/members/{ClusterId}).
        await using (var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(RedisConfiguration))
        {
            await redis.GetDatabase().KeyDeleteAsync($"{ClusterId}/members/{ClusterId}");
        }

        await Influx.DisposeAsync();
        await _database.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    public string ClientId(int index) => $"hub-{index + 1}-{_unique}";

    private HubProcess Hub(int index) => new(new Dictionary<string, string>
    {
        ["Database:ConnectionString"] = _database.ConnectionString,
        ["Influx:Url"] = Influx.Url.ToString(),
        ["Influx:Database"] = Influx.Name,
        ["Mqtt:Host"] = "127.0.0.1",
        ["Mqtt:Port"] = BrokerPort.ToString(CultureInfo.InvariantCulture),
        ["Mqtt:Username"] = "hub",
        ["Mqtt:Password"] = Environment.GetEnvironmentVariable("Mqtt__Password") ?? PrivateServices.HubPassword,
        ["Mqtt:ClientId"] = ClientId(index),
        ["Mqtt:SharedGroup"] = $"c{_unique}",
        ["Ingestion:Enabled"] = "true",
        ["Orleans:Membership"] = "Redis",
        ["Orleans:ClusterId"] = ClusterId,
        ["Orleans:ServiceId"] = ClusterId,
        ["Orleans:AdvertisedAddress"] = "127.0.0.1",
        // A gateway, so the tests' Orleans client can ask where a grain lives (GrainLocator).
        ["Orleans:GatewayPort"] = FreePort.Find().ToString(CultureInfo.InvariantCulture),
        ["Redis:Configuration"] = RedisConfiguration,
        ["Redis:ChannelPrefix"] = $"t{_unique}",
        // Behind a "reverse proxy" on loopback: tests name a client's address in X-Forwarded-For (Auth/AccountsAcrossHubsTests).
        ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
        // A first throttle delay no slow machine outlasts between two attempts (real processes, real time).
        ["Auth:Throttle:BaseDelay"] = "00:10:00",
    });

    public static async Task<HttpClient> LoginAsync(HubProcess hub, string username, string password)
    {
        ArgumentNullException.ThrowIfNull(hub);
        var client = hub.CreateClient();
        using var response = await client.PostJsonAsync("/api/auth/login", new { username, password });
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"login of {username} answered {(int)response.StatusCode}: {body}");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("token").GetString());
        return client;
    }

    public static Task<HttpClient> AdminAsync(HubProcess hub) => LoginAsync(hub, HubFactory.AdminUsername, HubFactory.AdminPassword);

    /// <summary>A new clinic, created through <paramref name="admin"/>.</summary>
    public static async Task<Guid> ClinicAsync(HttpClient admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        using var response = await admin.PostJsonAsync("/api/clinics", new { name = $"Clinic {HubFixture.Unique()}", timeZone = "Asia/Shanghai" });
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"creating a clinic answered {(int)response.StatusCode}: {body}");
        return body.GetProperty("id").GetGuid();
    }

    /// <summary>A nurse of <paramref name="clinicId"/>, created through <paramref name="admin"/>; returns (username, password).</summary>
    public static async Task<(string Username, string Password)> NurseAsync(HttpClient admin, Guid clinicId)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var username = $"nurse-{HubFixture.Unique()}";
        var password = $"pw-{HubFixture.Unique()}-{HubFixture.Unique()}";
        using var response = await admin.PostJsonAsync("/api/users", new { username, password, role = "nurse", clinicId });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"creating a nurse answered {(int)response.StatusCode}: {await response.ReadJsonAsync()}");
        return (username, password);
    }

    /// <summary>A new patient of <paramref name="clinicId"/> in home treatment, wearing a new registered device.</summary>
    public static async Task<MonitoredDevice> MonitoredDeviceAsync(HttpClient admin, Guid clinicId)
    {
        var seed = new RegistrySeed(admin);
        var patientId = await seed.PatientAsync(clinicId);
        var (id, secret) = await seed.RegisterDeviceAsync(clinicId);
        await seed.AssignAsync(id, patientId);
        using (var episode = await admin.PostJsonAsync($"/api/patients/{patientId}/episodes", new { }))
        {
            Assert.True(episode.StatusCode == HttpStatusCode.Created, $"starting home treatment answered {(int)episode.StatusCode}");
        }

        return new MonitoredDevice(new TestDevice(id, secret, patientId, clinicId));
    }

    /// <summary>The patient's alarms of every state, through <paramref name="client"/>'s API.</summary>
    public static async Task<IReadOnlyList<JsonElement>> AlarmsOfAsync(HttpClient client, Guid patientId)
    {
        ArgumentNullException.ThrowIfNull(client);
        var body = await client.GetJsonAsync($"/api/alarms?patientId={patientId}");
        return [.. body.EnumerateArray().Select(e => e.Clone())];
    }

    /// <summary>Polls until <paramref name="condition"/> holds for the patient's alarms (generous bound; fails with what there is).</summary>
    public static async Task<IReadOnlyList<JsonElement>> WaitForAlarmsAsync(
        HttpClient client, Guid patientId, Func<IReadOnlyList<JsonElement>, bool> condition, string what, TimeSpan? timeout = null)
    {
        IReadOnlyList<JsonElement> alarms = [];
        for (var started = System.Diagnostics.Stopwatch.StartNew(); started.Elapsed < (timeout ?? TimeSpan.FromSeconds(90));)
        {
            alarms = await AlarmsOfAsync(client, patientId);
            if (condition(alarms))
            {
                return alarms;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Waited for {what}; the patient's alarms: [{string.Join(", ", alarms)}]");
        return alarms;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds (bounded; fails with <paramref name="what"/>).</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan limit, Func<string> what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(what);
        for (var started = System.Diagnostics.Stopwatch.StartNew(); started.Elapsed < limit;)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Waited {limit.TotalSeconds:0} s: {what()}");
    }
}
