namespace Monitoring.Hub.Benchmarks;

/// <summary>What <see cref="BenchCompare"/> reads back from a run's JSON (the parts of <see cref="BenchResult"/> it compares).</summary>
public sealed record SavedRun
{
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<StepResult> HubSteps { get; init; } = [];

    public IReadOnlyList<StepResult> FailedHolds { get; init; } = [];

    public StepResult? Hold { get; init; }

    public LatencyResult? Latency { get; init; }

    public IReadOnlyList<MemoryPoint> Memory { get; init; } = [];

    public double? HubBest { get; init; }

    public string Name => Settings.TryGetValue("hub", out var hub) ? hub : "?";

    /// <summary>Hub processes the run measured together (runs from before BENCH_HUBS: one).</summary>
    public int Hubs => Settings.TryGetValue("hubs", out var hubs) && int.TryParse(hubs, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 1;

    /// <summary>Hub CPU µs per message at each rate step, by target rate.</summary>
    public IReadOnlyDictionary<double, double> CpuByStep =>
        HubSteps.Where(s => s.Phase == "step" && s.HubCpuMicrosPerMessage is not null)
            .GroupBy(s => s.TargetRate)
            .ToDictionary(g => g.Key, g => g.Last().HubCpuMicrosPerMessage!.Value);

    /// <summary>Any step that lost, doubled or had the broker drop readings: a number from such a run is no throughput.</summary>
    public bool LossFound =>
        HubSteps.Concat(FailedHolds).Append(Hold).Any(s => s is { LossFound: true });
}
