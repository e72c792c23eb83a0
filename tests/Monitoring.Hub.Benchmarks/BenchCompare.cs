using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Monitoring.Hub.Benchmarks;

/// <summary>
/// scripts/bench-compare.sh's table: the hub phase run for two hubs alternately in one sitting
/// (<c>base-N.json</c> and <c>head-N.json</c> in one folder), each measure as the median of its runs
/// (every run in brackets) and HEAD/BASE. Issue 17 asks hub ingestion over MQTTnet to be at least 90 %
/// of the former client's: the held rate says so when the hub, not the generator, was the limit; the
/// CPU per message says so whatever share of the two cores the hub got. When the two sides ran
/// different numbers of hubs (<c>bench-compare.sh --hubs</c>: one hub against two) the columns are
/// named by their hubs, and the ratio is the aggregate held rate of N hubs to one hub's.
/// </summary>
public static class BenchCompare
{
    public const double Target = 0.90;

    public static async Task<int> RunAsync(string folder, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var baseRuns = await ReadAsync(folder, "base-");
        var headRuns = await ReadAsync(folder, "head-");
        if (baseRuns.Count == 0 || headRuns.Count == 0)
        {
            output.WriteLine($"compare: need base-*.json and head-*.json in {folder} (found {baseRuns.Count} and {headRuns.Count}).");
            return 2;
        }

        var table = Markdown(baseRuns, headRuns);
        await File.WriteAllTextAsync(Path.Combine(folder, "compare.md"), table);
        output.WriteLine(table);
        return 0;
    }

    public static string Markdown(IReadOnlyList<SavedRun> baseRuns, IReadOnlyList<SavedRun> headRuns)
    {
        ArgumentNullException.ThrowIfNull(baseRuns);
        ArgumentNullException.ThrowIfNull(headRuns);
        var (baseHubs, headHubs) = (baseRuns[0].Hubs, headRuns[0].Hubs);
        var hubsCompared = baseHubs != headHubs;
        var (baseTitle, headTitle) = hubsCompared ? (Hubs(baseHubs), Hubs(headHubs)) : ("BASE", "HEAD");
        var md = new StringBuilder();
        md.AppendLine(C($"# Hub benchmark: {headRuns[0].Name} against {baseRuns[0].Name}"))
            .AppendLine()
            .AppendLine(C($"{baseRuns.Count} + {headRuns.Count} runs of the hub phase, alternating, on the same services with the same generator; each cell the median, every run in brackets. Settings: {string.Join(", ", headRuns[0].Settings.Where(s => s.Key != "hub").Select(s => $"{s.Key}={s.Value}"))}."))
            .AppendLine()
            .AppendLine(C($"| measure | {baseTitle} | {headTitle} | {headTitle} / {baseTitle} |"))
            .AppendLine("|---|---:|---:|---:|");

        // CPU per message at the rate steps every run reached: the same offered load on both sides.
        var common = baseRuns.Concat(headRuns).Select(r => r.CpuByStep.Keys.ToHashSet()).Aggregate((a, b) => { a.IntersectWith(b); return a; });
        double? Cpu(SavedRun r) => common.Count > 0 ? common.Average(rate => r.CpuByStep[rate]) : r.Hold?.HubCpuMicrosPerMessage;

        var held = Row(md, hubsCompared ? "held msg/s, the hubs together (higher is better)" : "held msg/s (higher is better)", baseRuns, headRuns, r => r.HubBest, "#,0");
        var cpu = Row(md, common.Count > 0
            ? C($"hub CPU µs per message{(hubsCompared ? ", summed over the hubs," : "")} at the steps {string.Join(", ", common.Order().Select(c => c.ToString("#,0", CultureInfo.InvariantCulture)))}/s (lower is better)")
            : "hub CPU µs per message during the hold (lower is better)", baseRuns, headRuns, Cpu, "0.0");
        var perCore = Row(md, "msg/s per core of hub CPU (higher is better)", baseRuns, headRuns, r => Cpu(r) is > 0 and var c ? 1e6 / c : null, "#,0");
        Row(md, "alarm latency p50, ms (lower is better)", baseRuns, headRuns, r => r.Latency?.P50, "0.0");
        Row(md, "alarm latency p99, ms (lower is better)", baseRuns, headRuns, r => r.Latency?.P99, "0.0");
        Row(md, "managed heap per 10,000 devices, MB (lower is better)", baseRuns, headRuns, r => BenchReport.PerTenThousand(r.Memory)?.Heap, "0.0");
        Row(md, "RSS per 10,000 devices, MB (lower is better)", baseRuns, headRuns, r => BenchReport.PerTenThousand(r.Memory)?.Rss, "0.0");

        md.AppendLine();
        md.AppendLine(hubsCompared
            ? C($"{headTitle} / {baseTitle}: held rate {Number(held.Head, "#,0")} / {Number(held.Base, "#,0")} msg/s = {Ratio(held)}; hub CPU per message summed over the hubs {Number(cpu.Head, "0.0")} / {Number(cpu.Base, "0.0")} µs = {Ratio(cpu)}.")
            : C($"Ingestion HEAD/BASE: held rate {Ratio(held)}, per core of hub CPU {Ratio(perCore)} (issue 17 asks ≥ {Target:0.00})."));
        var lossy = baseRuns.Concat(headRuns).Where(r => r.LossFound).Select(r => r.Name).Distinct().ToList();
        if (lossy.Count > 0)
        {
            md.AppendLine(C($"Loss (missing, doubled or dropped readings) in a run of: {string.Join(", ", lossy)} — see their reports."));
        }

        if (baseRuns.Concat(headRuns).Any(r => r.Hold is { KeptUp: true } && r.HubSteps.Where(s => s.Phase == "step").MaxBy(s => s.TargetRate) is { KeptUp: true }))
        {
            md.AppendLine("A hub kept up with the highest step offered: its held rate is a floor, and the CPU per message is the better comparison (raise BENCH_HUB_RATES).");
        }

        return md.ToString();
    }

    private static (double? Base, double? Head) Row(
        StringBuilder md, string measure, IReadOnlyList<SavedRun> baseRuns, IReadOnlyList<SavedRun> headRuns, Func<SavedRun, double?> value, string format)
    {
        var b = baseRuns.Select(value).ToList();
        var h = headRuns.Select(value).ToList();
        var (mb, mh) = (Median(b), Median(h));
        md.AppendLine(C($"| {measure} | {Cell(mb, b, format)} | {Cell(mh, h, format)} | {Ratio((mb, mh))} |"));
        return (mb, mh);
    }

    private static string Hubs(int count) => count == 1 ? "1 hub" : C($"{count} hubs");

    private static string Cell(double? median, List<double?> runs, string format) =>
        median is null ? "—" : $"{Number(median, format)} ({string.Join(" / ", runs.Select(r => Number(r, format)))})";

    private static string Number(double? value, string format) => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "—";

    private static string Ratio((double? Base, double? Head) pair) =>
        pair is { Base: > 0 and var b, Head: { } h } ? (h / b).ToString("0.00", CultureInfo.InvariantCulture) : "—";

    public static double? Median(IEnumerable<double?> values)
    {
        var sorted = values.OfType<double>().Order().ToArray();
        return sorted.Length == 0 ? null
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static async Task<List<SavedRun>> ReadAsync(string folder, string prefix)
    {
        var runs = new List<SavedRun>();
        foreach (var file in Directory.EnumerateFiles(folder, prefix + "*.json").Order(StringComparer.Ordinal))
        {
            await using var stream = File.OpenRead(file);
            runs.Add(await JsonSerializer.DeserializeAsync<SavedRun>(stream, JsonSerializerOptions.Web) ?? throw new InvalidDataException($"{file}: empty"));
        }

        return runs;
    }

    private static string C(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
