using Monitoring.FirmwareSim.Devices;

namespace Monitoring.FirmwareSim.Scenarios;

/// <summary>How to play a scenario: against a hub and broker, or as a dry run that prints the SenML it would publish.</summary>
public sealed record ScenarioRunOptions
{
    public bool DryRun { get; init; }

    public Uri? Hub { get; init; }

    public string? AdminUsername { get; init; }

    public string? AdminPassword { get; init; }

    public MqttEndpoint? Mqtt { get; init; }

    public required string DevicePrefix { get; init; }

    /// <summary>Real start time of a dry run (default now), for reproducible output.</summary>
    public DateTimeOffset? Start { get; init; }

    /// <summary>Overrides the scenario's clinic name.</summary>
    public string? ClinicName { get; init; }
}
