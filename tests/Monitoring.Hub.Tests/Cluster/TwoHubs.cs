using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Monitoring.Hub.Tests.Infrastructure;
using Monitoring.Hub.Tests.Ingestion;
using Monitoring.Hub.Tests.Realtime;

namespace Monitoring.Hub.Tests.Cluster;

/// <summary>
/// Two real hub processes with <c>Cluster:Enabled</c> against the real broker, PostgreSQL and
/// InfluxDB: one database and Influx database of their own, one shared-subscription group, their
/// own cluster topic prefix (so the alarm-engine session is theirs alone), and the stack's real Redis
/// as their SignalR backplane under a channel prefix of their own.
/// </summary>
public sealed class TwoHubs : IAsyncLifetime
{
    public const string Secret = "two-hub-tests-cluster-secret";
    private readonly string _unique = HubFixture.Unique();
    private TestDatabase _database = null!;

    public InfluxTestDatabase Influx { get; private set; } = null!;

    public HubProcess A { get; private set; } = null!;

    public HubProcess B { get; private set; } = null!;

    public string TopicPrefix => $"rpm/v1/hubs/t{_unique}";

    public static int BrokerPort => DevicePublisher.SharedBrokerPort;

    /// <summary>The test stack's Redis (<c>services.sh env</c>), or the development defaults of services.sh.</summary>
    public static string RedisConfiguration =>
        Environment.GetEnvironmentVariable("MON_REDIS_CONFIGURATION") is { Length: > 0 } configured
            ? configured
            : $"127.0.0.1:{Environment.GetEnvironmentVariable("REDIS_PORT") ?? "6379"},user=hub,password={Environment.GetEnvironmentVariable("REDIS_PASSWORD") ?? "dev-redis-hub"}";

    public string RedisChannelPrefix => $"t{_unique}";

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        Influx = new InfluxTestDatabase();
        A = Hub("a");
        B = Hub("b");
        await A.StartAsync();
        await B.StartAsync();
        await LeaderAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        foreach (var clientId in new[] { ClientId("a"), ClientId("b"), $"{ClientId("a")}-cluster", $"{ClientId("b")}-cluster", $"{TopicPrefix.Replace('/', '-')}-alarm-engine" })
        {
            await IngestionFixture.ForgetSessionAsync(BrokerPort, clientId);
        }

        await Influx.DisposeAsync();
        await _database.DisposeAsync();
    }

    private string ClientId(string name) => $"hub-{name}-{_unique}";

    private HubProcess Hub(string name)
    {
        var hub = new HubProcess(new Dictionary<string, string>
        {
            ["Database:ConnectionString"] = _database.ConnectionString,
            ["Influx:Url"] = Influx.Url.ToString(),
            ["Influx:Database"] = Influx.Name,
            ["Mqtt:Host"] = "127.0.0.1",
            ["Mqtt:Port"] = BrokerPort.ToString(CultureInfo.InvariantCulture),
            ["Mqtt:Username"] = "hub",
            ["Mqtt:Password"] = Environment.GetEnvironmentVariable("Mqtt__Password") ?? PrivateServices.HubPassword,
            ["Mqtt:ClientId"] = ClientId(name),
            ["Mqtt:SharedGroup"] = $"c{_unique}",
            ["Ingestion:Enabled"] = "true",
            ["Cluster:Enabled"] = "true",
            ["Cluster:Secret"] = Secret,
            ["Cluster:TopicPrefix"] = $"rpm/v1/hubs/t{_unique}",
            ["Redis:Configuration"] = RedisConfiguration,
            ["Redis:ChannelPrefix"] = RedisChannelPrefix,
            // Behind a "reverse proxy" on loopback: tests name a client's address in X-Forwarded-For (Auth/AccountsAcrossHubsTests).
            ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
            // A first throttle delay no slow machine outlasts between two attempts (real processes, real time).
            ["Auth:Throttle:BaseDelay"] = "00:10:00",
        });
        // The port is chosen by the process object; the hub advertises it to the other one.
        hub.Set("Cluster:AdvertisedUrl", hub.BaseAddress.ToString().TrimEnd('/'));
        return hub;
    }

    /// <summary>Waits until one hub leads and the other knows it; returns (leader, follower).</summary>
    public async Task<(HubProcess Leader, HubProcess Follower)> LeaderAsync(params HubProcess[] among)
    {
        var hubs = among.Length == 0 ? [A, B] : among;
        JsonElement? last = null;
        for (var started = System.Diagnostics.Stopwatch.StartNew(); started.Elapsed < TimeSpan.FromSeconds(90);)
        {
            var statuses = new List<(HubProcess Hub, JsonElement Status)>();
            foreach (var hub in hubs)
            {
                var status = await StatusAsync(hub);
                last = status;
                statuses.Add((hub, status));
            }

            var leaders = statuses.Where(s => s.Status.GetProperty("isLeader").GetBoolean()).ToList();
            if (leaders.Count == 1)
            {
                var leader = leaders[0].Hub;
                var followers = statuses.Where(s => s.Hub != leader).ToList();
                if (followers.All(f => f.Status.GetProperty("leaderUrl").GetString()?.TrimEnd('/') == leader.BaseAddress.ToString().TrimEnd('/')))
                {
                    return (leader, followers.Count == 0 ? leader : followers[0].Hub);
                }
            }

            await Task.Delay(200);
        }

        Assert.Fail($"No single leader known to every hub within 90 s; last status: {last}");
        return default;
    }

    /// <summary><c>/internal/cluster/status</c> of a hub, with the cluster secret.</summary>
    public static async Task<JsonElement> StatusAsync(HubProcess hub)
    {
        using var client = hub.CreateClient();
        client.DefaultRequestHeaders.Add("X-Cluster-Secret", Secret);
        return await client.GetJsonAsync("/internal/cluster/status");
    }

    public static async Task<long> ReadingsAsync(HubProcess hub) => (await StatusAsync(hub)).GetProperty("readings").GetInt64();

    public static async Task<HttpClient> LoginAsync(HubProcess hub, string username, string password)
    {
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

            await Task.Delay(200);
        }

        Assert.Fail($"Waited for {what}; the patient's alarms: [{string.Join(", ", alarms)}]");
        return alarms;
    }
}
