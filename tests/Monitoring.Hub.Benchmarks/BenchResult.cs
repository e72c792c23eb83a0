namespace Monitoring.Hub.Benchmarks;

/// <summary>Everything one run measured (written as JSON to artifacts/bench/).</summary>
public sealed record BenchResult
{
    public required DateTimeOffset StartedAt { get; init; }

    public required IReadOnlyDictionary<string, string> Machine { get; init; }

    public required IReadOnlyDictionary<string, string> Settings { get; init; }

    public List<StepResult> BrokerSteps { get; } = [];

    public List<StepResult> HubSteps { get; } = [];

    public StepResult? Hold { get; set; }

    /// <summary>Holds that fell behind before <see cref="Hold"/>, each followed by one at a lower rate.</summary>
    public List<StepResult> FailedHolds { get; } = [];

    public LatencyResult? Latency { get; set; }

    public List<MemoryPoint> Memory { get; } = [];

    public StepResult? MemoryStep { get; set; }

    public double? BrokerCeiling { get; set; }

    public double? HubBest { get; set; }

    public string LoadAverageAtEnd { get; set; } = "";

    public List<string> Notes { get; } = [];
}
