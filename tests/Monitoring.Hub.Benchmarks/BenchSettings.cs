using System.Globalization;

namespace Monitoring.Hub.Benchmarks;

/// <summary>
/// What to run, from environment variables (scripts/bench.sh documents them). The defaults are
/// issue 9's full protocol; <c>BENCH_QUICK=1</c> shortens every phase to a run of about three minutes.
/// </summary>
public sealed record BenchSettings
{
    public required string RepositoryRoot { get; init; }

    public required string DataDirectory { get; init; }

    public required int MqttPort { get; init; }

    public required int InfluxPort { get; init; }

    public required int PostgresPort { get; init; }

    public required string MqttAdminPassword { get; init; }

    public required string MqttHubPassword { get; init; }

    public required string PostgresPassword { get; init; }

    public bool Quick { get; init; }

    public int Devices { get; init; } = 10_000;

    public int Connections { get; init; } = 20;

    public IReadOnlyList<double> BrokerRates { get; init; } = [];

    public IReadOnlyList<double> HubRates { get; init; } = [];

    public TimeSpan BrokerStep { get; init; }

    public TimeSpan HubStep { get; init; }

    public TimeSpan Hold { get; init; }

    /// <summary>How many times a hold that fell behind is repeated at a lower rate.</summary>
    public int HoldRetries { get; init; }

    /// <summary>Streaming time of the 20,000-device memory step.</summary>
    public TimeSpan MemoryStream { get; init; }

    /// <summary>How often a desaturation is injected during the hold.</summary>
    public TimeSpan ProbeInterval { get; init; }

    public int Probes { get; init; } = 500;

    public bool SkipBroker { get; init; }

    public bool SkipMemory { get; init; }

    /// <summary>Run every hub rate step even after one fell behind or lost (the table: 20, 30, 40, 50 thousand msg/s).</summary>
    public bool AllSteps { get; init; }

    /// <summary>How long a step waits for the hub to drain before counting InfluxDB (a hub far behind needs minutes).</summary>
    public TimeSpan DrainLimit { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Rate of the 20,000-device memory step; 0: the held rate.</summary>
    public double MemoryRate { get; init; }

    public int HubPort { get; init; }

    /// <summary>Hub processes (BENCH_HUBS): 1, or several of one cluster sharing the subscription (<see cref="HubSet"/>); every step then measures them together.</summary>
    public int Hubs { get; init; } = 1;

    /// <summary>The bench stack's Redis (services.sh env's MON_REDIS_CONFIGURATION): Orleans membership and the SignalR backplane of several hubs.</summary>
    public string? RedisConfiguration { get; init; }

    /// <summary>The hub to run: this repository's Release build, or another commit's (scripts/bench-compare.sh builds its base in a worktree).</summary>
    public required string HubDll { get; init; }

    /// <summary>Names the hub in the report (bench-compare.sh: "base abc1234" or "head def5678").</summary>
    public string? Label { get; init; }

    /// <summary>A file to write this run's JSON to as well (bench-compare.sh reads them back).</summary>
    public string? ResultFile { get; init; }

    public string OutputDirectory => Path.Combine(RepositoryRoot, "artifacts", "bench");

    public static BenchSettings FromEnvironment()
    {
        var root = Environment.GetEnvironmentVariable("BENCH_REPO") ?? Directory.GetCurrentDirectory();
        var quick = Flag("BENCH_QUICK");
        var hubs = Math.Max(1, Int("BENCH_HUBS", 1));
        return new BenchSettings
        {
            RepositoryRoot = root,
            DataDirectory = Environment.GetEnvironmentVariable("MON_DATA_DIR") ?? Path.Combine(root, ".local", "bench"),
            MqttPort = Int("MQTT_PORT", 21883),
            InfluxPort = Int("INFLUX_PORT", 28086),
            PostgresPort = Int("PG_PORT", 25432),
            MqttAdminPassword = Environment.GetEnvironmentVariable("MQTT_ADMIN_PASSWORD") ?? "dev-mqtt-admin",
            MqttHubPassword = Environment.GetEnvironmentVariable("MQTT_HUB_PASSWORD") ?? "dev-mqtt-hub",
            PostgresPassword = Environment.GetEnvironmentVariable("PG_PASSWORD") ?? "dev-pg-monitoring",
            Quick = quick,
            Devices = Int("BENCH_DEVICES", 10_000),
            Connections = Int("BENCH_CONNECTIONS", 20),
            BrokerRates = Rates("BENCH_BROKER_RATES", quick ? "30000,50000,70000" : "20000,30000,40000,50000,60000,70000,80000"),
            HubRates = Rates("BENCH_HUB_RATES", quick ? "15000,30000,45000" : "10000,20000,30000,40000,45000,50000,60000"),
            BrokerStep = Seconds("BENCH_BROKER_STEP_SECONDS", quick ? 10 : 30),
            HubStep = Seconds("BENCH_STEP_SECONDS", quick ? 15 : 60),
            Hold = Seconds("BENCH_HOLD_SECONDS", quick ? 30 : 300),
            HoldRetries = Int("BENCH_HOLD_RETRIES", 2),
            MemoryStream = Seconds("BENCH_MEMORY_SECONDS", quick ? 20 : 120),
            MemoryRate = Int("BENCH_MEMORY_RATE", 0),
            ProbeInterval = TimeSpan.FromMilliseconds(Int("BENCH_PROBE_INTERVAL_MS", 100)),
            Probes = Int("BENCH_PROBES", 500),
            SkipBroker = Flag("BENCH_SKIP_BROKER"),
            // A hub's memory per device is a one-hub measure: several hubs skip it.
            SkipMemory = Flag("BENCH_SKIP_MEMORY") || hubs > 1,
            AllSteps = Flag("BENCH_ALL_STEPS"),
            DrainLimit = Seconds("BENCH_DRAIN_SECONDS", 120),
            HubPort = Int("BENCH_HUB_PORT", 0),
            Hubs = hubs,
            RedisConfiguration = Environment.GetEnvironmentVariable("MON_REDIS_CONFIGURATION") is { Length: > 0 } redis ? redis : null,
            HubDll = Environment.GetEnvironmentVariable("BENCH_HUB_DLL") is { Length: > 0 } dll
                ? Path.GetFullPath(dll)
                : Path.Combine(root, "src", "Monitoring.Hub", "bin", "Release", "net10.0", "Monitoring.Hub.dll"),
            Label = Environment.GetEnvironmentVariable("BENCH_LABEL") is { Length: > 0 } label ? label : null,
            ResultFile = Environment.GetEnvironmentVariable("BENCH_RESULT_JSON") is { Length: > 0 } file ? Path.GetFullPath(file) : null,
        };
    }

    private static bool Flag(string name) => Environment.GetEnvironmentVariable(name) is "1" or "true" or "yes";

    private static int Int(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    private static TimeSpan Seconds(string name, int fallback) => TimeSpan.FromSeconds(Int(name, fallback));

    private static double[] Rates(string name, string fallback) =>
        [.. (Environment.GetEnvironmentVariable(name) is { Length: > 0 } text ? text : fallback)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(r => double.Parse(r, CultureInfo.InvariantCulture))];
}
