using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Monitoring.Hub.Benchmarks;

/// <summary>The summary table (printed and written as markdown) and the JSON of one run, in artifacts/bench/.</summary>
public static class BenchReport
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web) { WriteIndented = true };

    public static string Markdown(BenchResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var md = new StringBuilder();
        md.AppendLine(C($"# End-to-end benchmark ({result.StartedAt:yyyy-MM-dd HH:mm} UTC)"))
            .AppendLine()
            .AppendLine(C($"Machine: {result.Machine["cpu"]}, nproc {result.Machine["nproc"]}, {result.Machine["memory"]} RAM, {result.Machine["os"]}, {result.Machine["runtime"]}; load average {result.Machine["loadStart"]} at the start, {result.LoadAverageAtEnd} at the end (1/5/15 min; other work shares the 2 cores)."))
            .AppendLine()
            .AppendLine(C($"Generator: the simulator's load mode (SenML with SpO2 + pulse per message, QoS 1), {result.Settings["devices"]} device topics over {result.Settings["connections"]} connections, on the same machine. Settings: {string.Join(", ", result.Settings.Select(s => $"{s.Key}={s.Value}"))}."))
            .AppendLine()
            .AppendLine("| measure | result | target |")
            .AppendLine("|---|---|---|");
        var hold = result.Hold;
        var brokerBest = result.BrokerSteps.Where(s => s.KeptUp).OrderBy(s => s.AchievedRate).LastOrDefault();
        var generatorLimited = brokerBest is { GeneratorShort: true } || (brokerBest is not null && ReferenceEquals(brokerBest, result.BrokerSteps[^1]));
        md.AppendLine(C($"| broker ceiling: generator → Mosquitto → counting subscriber, no loss | {(generatorLimited ? "≥ " : "")}{Rate(result.BrokerCeiling)} msg/s{(generatorLimited ? " (the broker kept up with all the generator could offer on the shared cores)" : "")} | (reference ~60,000) |"));
        var hubs = result.Settings.TryGetValue("hubs", out var n) && n != "1" ? C($" (the {n} hubs together, CPU and RSS summed over them)") : "";
        md.AppendLine(C($"| hub sustained{hubs} (ingestion + alarms, ack after InfluxDB write){(hold is null ? "" : $", held {hold.Seconds:0} s")} | {Rate(result.HubBest)} msg/s = {Rate(result.HubBest * 2)} readings/s{(hold is null ? "" : hold.KeptUp ? " (held)" : $" (hold: {hold.Verdict})")} | ≥ 45,000 msg/s |"));
        md.AppendLine(C($"| ratio hub / broker ceiling | {(result.HubBest is { } h && result.BrokerCeiling is { } b && b > 0 ? (h / b).ToString("0.00", CultureInfo.InvariantCulture) : "—")}{(generatorLimited ? " (against a generator-limited ceiling)" : "")} | ≥ 0.75 |"));
        var costs = result.HubSteps.Where(s => s.Phase == "step" && s.HubCpuMicrosPerMessage is not null).Select(s => s.HubCpuMicrosPerMessage!.Value).ToList();
        if (costs.Count > 0)
        {
            // What the hub costs whatever share of the cores it got: the machine's other work changes how much CPU it gets, not what a message costs.
            md.AppendLine(C($"| hub CPU per message over the rate steps (start to drained) | {costs.Min():0}–{costs.Max():0} µs = {1e6 / costs.Min():#,0} msg/s per core of hub CPU at best | |"));
        }
        if (hold is not null)
        {
            md.AppendLine(C($"| InfluxDB during the hold: points with SpO2 / pulse vs messages acked to the generator | {hold.InfluxSpo2} / {hold.InfluxPulse} vs {hold.Acked} (lost {hold.Lost}, doubled {hold.Extra}) | equal |"));
            md.AppendLine(C($"| hub CPU / RSS during the hold | {Cpu(hold, "hub")} % of one core ({hold.HubCpuMicrosPerMessage:0} CPU-µs per message) / {hold.HubRssMaxMb:0} MB max | |"));
            md.AppendLine(C($"| CPU of the rest during the hold (100 % = one core) | {string.Join(", ", hold.CpuPercent.Where(c => c.Key != "hub").Select(c => $"{c.Key} {c.Value:0} %"))} | |"));
        }

        if (result.Latency is { } l)
        {
            md.AppendLine(C($"| alarm latency under that load, publish → `alarmRaised` ({l.Received} of {l.Injected} probes; {l.Missed} missed) | p50 {Ms(l.P50)}, p99 {Ms(l.P99)}, p99.9 {Ms(l.P999)}, max {Ms(l.Max)} | p99 ≤ 50 ms |"));
        }

        if (PerTenThousand(result) is { } per)
        {
            md.AppendLine(C($"| hub memory per 10,000 devices (after a full GC) | {per.Rss:0} MB RSS, {per.Heap:0} MB managed heap | ≤ 30 MB |"));
        }

        Steps(md, "Broker ceiling steps", result.BrokerSteps, influx: false);
        Steps(md, "Hub steps", [.. result.HubSteps, .. result.FailedHolds, .. hold is null ? Array.Empty<StepResult>() : [hold], .. result.MemoryStep is null ? Array.Empty<StepResult>() : [result.MemoryStep]], influx: true);
        if (result.Memory.Count > 0)
        {
            md.AppendLine().AppendLine("## Memory").AppendLine().AppendLine("| registered + streaming devices | RSS MB | managed heap MB | GC committed MB |").AppendLine("|---:|---:|---:|---:|");
            foreach (var m in result.Memory)
            {
                md.AppendLine(C($"| {m.Devices} | {m.RssMb:0} | {m.GcHeapMb:0} | {m.GcCommittedMb:0} |"));
            }
        }

        if (result.Notes.Count > 0)
        {
            md.AppendLine().AppendLine("## Notes").AppendLine();
            foreach (var note in result.Notes)
            {
                md.AppendLine($"- {note}");
            }
        }

        return md.ToString();
    }

    public static async Task<string> WriteAsync(BenchResult result, string directory, string? alsoJsonTo = null)
    {
        Directory.CreateDirectory(directory);
        var stamp = result.StartedAt.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var markdown = Markdown(result);
        var json = JsonSerializer.Serialize(result, Json);
        foreach (var name in new[] { $"bench-{stamp}", "bench-latest" })
        {
            await File.WriteAllTextAsync(Path.Combine(directory, name + ".md"), markdown);
            await File.WriteAllTextAsync(Path.Combine(directory, name + ".json"), json);
        }

        if (alsoJsonTo is not null)
        {
            await File.WriteAllTextAsync(alsoJsonTo, json);
        }

        return Path.Combine(directory, $"bench-{stamp}.md");
    }

    /// <summary>(RSS, heap) MB per 10,000 devices: from the 10,000 → 20,000 step when measured, else from 0 → 10,000.</summary>
    public static (double Rss, double Heap)? PerTenThousand(BenchResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return PerTenThousand(result.Memory);
    }

    public static (double Rss, double Heap)? PerTenThousand(IEnumerable<MemoryPoint> memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        var points = memory.OrderBy(m => m.Devices).ToList();
        if (points.Count < 2)
        {
            return null;
        }

        var (a, b) = (points[^2], points[^1]);
        var scale = 10_000.0 / Math.Max(1, b.Devices - a.Devices);
        return ((b.RssMb - a.RssMb) * scale, (b.GcHeapMb - a.GcHeapMb) * scale);
    }

    private static void Steps(StringBuilder md, string title, IReadOnlyList<StepResult> steps, bool influx)
    {
        if (steps.Count == 0)
        {
            return;
        }

        md.AppendLine().AppendLine($"## {title}").AppendLine()
            .AppendLine(influx
                ? "| step | target/s | achieved/s | s | acked | InfluxDB spo2 / pr | lost | doubled | broker dropped | backlog end (max) | slope/s | drain s | hub CPU % | hub CPU µs/msg | hub RSS MB | other CPU % | verdict |"
                : "| step | target/s | achieved/s | s | acked | received | lost | dropped | backlog end (max) | slope/s | drain s | broker CPU % | bench CPU % | other CPU % | verdict |")
            .AppendLine((influx ? "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|" : "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"));
        foreach (var s in steps)
        {
            var others = string.Join(", ", s.CpuPercent.Where(c => c.Key is not "hub" and not "mosquitto" and not "bench").Select(c => C($"{c.Key} {c.Value:0}")));
            md.AppendLine(influx
                ? C($"| {s.Phase} | {s.TargetRate:0} | {s.AchievedRate:0} | {s.Seconds:0} | {s.Acked} | {s.InfluxSpo2} / {s.InfluxPulse} | {s.Lost} | {s.Extra} | {s.BrokerDropped} | {s.EndBacklog} ({s.MaxBacklog}) | {s.BacklogSlope:0} | {s.DrainSeconds:0.0} | {Cpu(s, "hub")} | {s.HubCpuMicrosPerMessage:0} | {s.HubRssMaxMb:0} | {others}, mosquitto {Cpu(s, "mosquitto")} | {s.Verdict} |")
                : C($"| {s.Phase} | {s.TargetRate:0} | {s.AchievedRate:0} | {s.Seconds:0} | {s.Acked} | {s.Consumed} | {s.Lost} | {s.BrokerDropped} | {s.EndBacklog} ({s.MaxBacklog}) | {s.BacklogSlope:0} | {s.DrainSeconds:0.0} | {Cpu(s, "mosquitto")} | {Cpu(s, "bench")} | {others} | {s.Verdict} |"));
        }
    }

    private static string Cpu(StepResult step, string name) => step.CpuPercent.TryGetValue(name, out var value) ? C($"{value:0}") : "—";

    private static string Rate(double? rate) => rate is { } r ? r.ToString("#,0", CultureInfo.InvariantCulture) : "—";

    private static string Ms(double? ms) => ms is { } m ? C($"{m:0.0} ms") : "—";

    private static string C(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
