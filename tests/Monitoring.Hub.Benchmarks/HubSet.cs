using System.Globalization;

namespace Monitoring.Hub.Benchmarks;

/// <summary>
/// The hubs a run measures (BENCH_HUBS): one <see cref="HubHost"/> as deployed alone, or several equal hubs as
/// docs/scale-out.md runs them — one Orleans cluster with its membership in the bench stack's Redis, the SignalR
/// Redis backplane, one shared subscription (the broker hands each message to one of them), each its own MQTT
/// client id, HTTP port and silo port. The API the bench registers through is hub 1's (all hubs share PostgreSQL);
/// what the steps watch is summed over the hubs (<see cref="RuntimeAsync"/>, <see cref="ProcessIds"/>).
/// </summary>
public sealed class HubSet : IAsyncDisposable
{
    private readonly BenchSettings _settings;
    private readonly List<(HubHost Hub, string ClientId, HubApi? Api)> _hubs = [];

    private HubSet(BenchSettings settings) => _settings = settings;

    /// <summary>Hub 1.</summary>
    public HubHost First => _hubs[0].Hub;

    /// <summary>The administrator's API on hub 1.</summary>
    public HubApi Admin => _hubs[0].Api!;

    public int Count => _hubs.Count;

    public IReadOnlyList<int> ProcessIds => [.. _hubs.Select(h => h.Hub.ProcessId)];

    /// <summary>Starts the hubs one after another (hub 1 migrates the fresh database before the others start) and logs in to each.</summary>
    public static async Task<HubSet> StartAsync(BenchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var set = new HubSet(settings);
        try
        {
            var cluster = settings.Hubs > 1 ? ClusterConfiguration(settings) : null;
            for (var index = 1; index <= settings.Hubs; index++)
            {
                var clientId = string.Create(CultureInfo.InvariantCulture, $"hub-bench-{Environment.ProcessId}-{index}");
                var hub = await HubHost.StartAsync(settings, clientId, index, cluster);
                set._hubs.Add((hub, clientId, null));
                var api = await HubApi.LoginAsync(hub.BaseAddress, HubHost.AdminUsername, HubHost.AdminPassword);
                set._hubs[^1] = (hub, clientId, api);
            }
        }
        catch
        {
            await set.DisposeAsync();
            throw;
        }

        return set;
    }

    /// <summary>The hubs' diagnostics summed (counters, queues); the GC figures and processor count are hub 1's.</summary>
    public async Task<RuntimeStats> RuntimeAsync()
    {
        var all = await Task.WhenAll(_hubs.Select(h => h.Api!.RuntimeAsync()));
        return all[0] with
        {
            MessagesReceived = all.Sum(s => s.MessagesReceived),
            MessagesAcknowledged = all.Sum(s => s.MessagesAcknowledged),
            Unacknowledged = all.Sum(s => s.Unacknowledged),
            InboundQueue = all.Sum(s => s.InboundQueue),
            BufferedLines = all.Sum(s => s.BufferedLines),
            ReadingsWritten = all.Sum(s => s.ReadingsWritten),
            AlarmQueue = all.Sum(s => s.AlarmQueue),
        };
    }

    /// <summary>Stops every hub (SIGTERM, as a deployment would) and removes its broker session.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var (hub, clientId, api) in _hubs)
        {
            api?.Dispose();
            await hub.DisposeAsync();
            await BrokerClients.ForgetSessionAsync(_settings, clientId, "hub", _settings.MqttHubPassword);
        }

        _hubs.Clear();
    }

    /// <summary>docs/scale-out.md's keys, the same on every hub; a cluster id of this run's own, so no earlier run's silos are in its membership table.</summary>
    private static Dictionary<string, string> ClusterConfiguration(BenchSettings settings)
    {
        var redis = settings.RedisConfiguration
            ?? throw new InvalidOperationException("BENCH_HUBS > 1 needs the bench stack's Redis (MON_REDIS_CONFIGURATION from scripts/services.sh env; scripts/bench.sh starts it).");
        var cluster = string.Create(CultureInfo.InvariantCulture, $"bench-{Environment.ProcessId}-{DateTimeOffset.UtcNow:HHmmss}");
        return new Dictionary<string, string>
        {
            ["Orleans__Membership"] = "Redis",
            ["Orleans__ClusterId"] = cluster,
            ["Orleans__ServiceId"] = cluster,
            ["Orleans__AdvertisedAddress"] = "127.0.0.1",
            ["Redis__Configuration"] = redis,
            ["Redis__ChannelPrefix"] = cluster,
            ["Mqtt__SharedGroup"] = "bench",
        };
    }
}
