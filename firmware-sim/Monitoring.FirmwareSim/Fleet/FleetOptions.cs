using Monitoring.FirmwareSim.Devices;

namespace Monitoring.FirmwareSim.Fleet;

/// <summary>Settings of <c>fleet</c> mode (see the README for the options and their environment defaults).</summary>
public sealed record FleetOptions
{
    public required Uri Hub { get; init; }

    public required string AdminUsername { get; init; }

    public required string AdminPassword { get; init; }

    public required MqttEndpoint Mqtt { get; init; }

    public const string DefaultClinicName = "模拟社区卫生服务中心 (simulator)";

    public string ClinicName { get; init; } = DefaultClinicName;

    public string TimeZone { get; init; } = "Asia/Shanghai";

    public int Patients { get; init; } = 20;

    /// <summary>Real time to run; zero runs until Ctrl-C.</summary>
    public TimeSpan Duration { get; init; }

    public double TimeScale { get; init; } = 1;

    public TimeSpan OximeterEvery { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan WearableEvery { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Story time between thermometer readings.</summary>
    public TimeSpan ThermometerEvery { get; init; } = TimeSpan.FromMinutes(30);

    public TierMix TierMix { get; init; } = TierMix.Default;

    public double WearableShare { get; init; } = 0.3;

    /// <summary>Connectivity outages per device per story day.</summary>
    public double OutagesPerDay { get; init; } = 2;

    public int Seed { get; init; } = 1;

    /// <summary>Start of every device id (ids are taken for good once registered, so each run needs a fresh one).</summary>
    public required string DevicePrefix { get; init; }

    /// <summary>Print instead of registering and publishing (requires a duration).</summary>
    public bool DryRun { get; init; }
}
