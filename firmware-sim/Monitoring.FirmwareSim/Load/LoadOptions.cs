using Monitoring.FirmwareSim.Devices;

namespace Monitoring.FirmwareSim.Load;

/// <summary>Settings of <c>load</c> mode (see the README).</summary>
public sealed record LoadOptions
{
    public required MqttEndpoint Mqtt { get; init; }

    public required string Username { get; init; }

    public required string Password { get; init; }

    public int Devices { get; init; } = 1000;

    /// <summary>Messages per second over all connections (each message two readings).</summary>
    public double Rate { get; init; } = 1000;

    public int Connections { get; init; } = 4;

    /// <summary>Real time to run; zero runs until Ctrl-C.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);

    public string DevicePrefix { get; init; } = "load";

    /// <summary>Messages per connection waiting for PUBACK at most (also the client's in-flight window).</summary>
    public int MaxPending { get; init; } = 1000;

    public int Seed { get; init; } = 1;

    /// <summary>Offsets from the start at which to inject a desaturation.</summary>
    public IReadOnlyList<TimeSpan> DesaturationAt { get; init; } = [];

    /// <summary>Inject a desaturation this often (zero: only <see cref="DesaturationAt"/>).</summary>
    public TimeSpan DesaturationEvery { get; init; }

    /// <summary>Consecutive messages of one device that carry each desaturation.</summary>
    public int DesaturationReadings { get; init; } = 3;

    public double DesaturationNadir { get; init; } = 88;

    /// <summary>CSV file for the publish times of desaturation readings.</summary>
    public string? DesaturationReport { get; init; }

    /// <summary>Register the devices (one patient each, assigned, home treatment started) through the hub first.</summary>
    public Uri? RegisterWithHub { get; init; }

    public string? AdminUsername { get; init; }

    public string? AdminPassword { get; init; }

    public string ClinicName { get; init; } = "模拟社区卫生服务中心 (load)";
}
