using System.Diagnostics;
using System.Globalization;

namespace Monitoring.Hub.Benchmarks;

/// <summary>
/// Runs the generator at one rate and watches the receiver: every second the backlog (messages the
/// broker acknowledged to the generator minus messages the receiver consumed); after the
/// generator stops, the drain. A step is kept up when the generator reached 95 % of the rate, the
/// backlog did not grow over the second half (slope under 2 % of the rate), it ended under two
/// seconds' worth, nothing was lost or dropped, and it drained.
/// </summary>
public sealed class StepRunner(BenchSettings settings, BrokerSys sys, IReadOnlyList<Watched> processes, TextWriter log)
{
    /// <summary>A receiver that keeps up has at most a few seconds of messages in flight when the generator stops.</summary>
    public const double MaxDrainSeconds = 5;

    /// <summary>
    /// One step. <paramref name="consumed"/> reads the receiver's count (from zero at the step's start);
    /// <paramref name="hubPids"/> are the hub processes (none for the broker ceiling; several hubs: their CPU and RSS summed);
    /// <paramref name="verify"/>, after the drain, counts what landed (hub: InfluxDB) given the window and the acked count.
    /// </summary>
    public async Task<StepResult> RunAsync(
        string phase, double rate, TimeSpan duration, int devices, string prefix, Func<Task<long>> consumed, IReadOnlyList<int> hubPids,
        Func<DateTimeOffset, DateTimeOffset, long, Task<(long Spo2, long Pulse)>>? verify = null, Func<long>? extraExpected = null,
        Func<IReadOnlyDictionary<string, long>>? gauges = null)
    {
        var gaugeMax = new Dictionary<string, long>(StringComparer.Ordinal);
        var droppedBefore = sys.Dropped;
        var windowStart = DateTimeOffset.UtcNow;
        await using var generator = await LoadGenerator.StartAsync(settings, devices, rate, duration, prefix);
        var cpu = new CpuWindow([.. processes, new Watched("generator", generator.ProcessId)]);
        var hub = hubPids.Count > 0;
        var hubStartCpu = HubCpuSeconds(hubPids);
        var samples = new List<(double T, long Backlog)>();
        var clock = Stopwatch.StartNew();
        long maxBacklog = 0, storedMax = 0;
        double rssMax = 0;
        var waiting = generator.WaitAsync();
        while (!waiting.IsCompleted)
        {
            await Task.WhenAny(waiting, Task.Delay(1000));
            if (waiting.IsCompleted)
            {
                break;
            }

            var acked = generator.Acked + (extraExpected?.Invoke() ?? 0);
            var backlog = Math.Max(0, acked - await consumed());
            samples.Add((clock.Elapsed.TotalSeconds, backlog));
            maxBacklog = Math.Max(maxBacklog, backlog);
            storedMax = Math.Max(storedMax, sys.Stored);
            foreach (var (name, value) in gauges?.Invoke() ?? new Dictionary<string, long>())
            {
                gaugeMax[name] = Math.Max(gaugeMax.GetValueOrDefault(name), value);
            }
            if (hub && hubPids.Select(ProcessStats.ResidentBytes).ToList() is var rss && rss.All(r => r is not null))
            {
                rssMax = Math.Max(rssMax, rss.Sum(r => r!.Value) / 1048576.0);
            }
        }

        var summary = await waiting;
        var cpuPercent = cpu.Finish();
        var windowEnd = DateTimeOffset.UtcNow;
        var expected = summary.Acked + (extraExpected?.Invoke() ?? 0);
        var endBacklog = samples.Count > 0 ? samples[^1].Backlog : 0;
        var slope = Slope(samples.Skip(samples.Count / 2).ToList());

        // Drain: until the receiver has consumed everything acked, or stops making progress.
        var drain = Stopwatch.StartNew();
        var last = await consumed();
        var lastProgress = Stopwatch.StartNew();
        while (last < expected && drain.Elapsed < settings.DrainLimit && lastProgress.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(250);
            var now = await consumed();
            if (now != last)
            {
                lastProgress.Restart();
            }

            last = now;
        }

        var drainSeconds = drain.Elapsed.TotalSeconds;
        var drained = last >= expected;
        double? hubMicros = hubStartCpu is { } cpu0 && HubCpuSeconds(hubPids) is { } cpu1 && last > 0
            ? Math.Round((cpu1 - cpu0) / last * 1e6, 1)
            : null;
        // $SYS is published every 5 s: let the drop counter catch up before reading it.
        await Task.Delay(TimeSpan.FromSeconds(settings.Quick ? 1 : 5.5));
        var dropped = sys.Dropped - droppedBefore;
        long lost, extra;
        (long Spo2, long Pulse)? points = null;
        if (verify is not null)
        {
            // Counted even when the hub has not drained: what is missing then is either still in the
            // broker's queue or lost, and the broker's drop counter says which (issue 15).
            points = await verify(windowStart.AddSeconds(-2), windowEnd.AddSeconds(2), summary.Acked);
            lost = Math.Max(0, summary.Acked - Math.Min(points.Value.Spo2, points.Value.Pulse));
            extra = Math.Max(0, Math.Max(points.Value.Spo2, points.Value.Pulse) - summary.Acked);
        }
        else
        {
            lost = Math.Max(0, expected - last);
            extra = Math.Max(0, last - expected);
        }

        // The generator falling short (it shares the cores) is reported, not held against the receiver.
        var reasons = new List<string>();
        var note = summary.AckedPerSecond < 0.95 * rate
            ? string.Create(CultureInfo.InvariantCulture, $" (the generator reached {summary.AckedPerSecond:0}/s only)")
            : "";

        // What is in flight (the broker's window, the hub's queues) shows as backlog too; falling
        // behind is a backlog that grows, or one that takes more than a few seconds to drain.
        if (slope > 0.02 * rate && endBacklog > rate)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"backlog growing {slope:0}/s"));
        }

        if (drained && drainSeconds > MaxDrainSeconds)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{endBacklog} behind at the end, {drainSeconds:0.0} s to catch up"));
        }

        if (!drained)
        {
            // Behind: the broker still holds the rest unless it dropped some.
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"still {expected - last} behind {drainSeconds:0} s after the generator stopped"));
            if (dropped == 0)
            {
                lost = 0;
            }
        }

        // Any loss fails the step, whatever its rate: readings the broker acknowledged to a device are gone.
        var loss = lost > 0 || extra > 0 || dropped > 0;
        if (loss)
        {
            reasons.Insert(0, $"FAILED: lost {lost}, doubled {extra}, broker dropped {dropped}");
        }

        var result = new StepResult
        {
            Phase = phase,
            TargetRate = rate,
            Seconds = Math.Round(summary.Seconds, 1),
            AchievedRate = Math.Round(summary.AckedPerSecond),
            Sent = summary.Sent,
            Acked = summary.Acked,
            Consumed = last,
            InfluxSpo2 = points?.Spo2,
            InfluxPulse = points?.Pulse,
            Lost = lost,
            Extra = extra,
            BrokerDropped = dropped,
            EndBacklog = endBacklog,
            BacklogSlope = Math.Round(slope),
            MaxBacklog = maxBacklog,
            BrokerStoredMax = storedMax,
            DrainSeconds = Math.Round(drainSeconds, 1),
            CpuPercent = cpuPercent,
            HubRssMaxMb = hub ? Math.Round(rssMax) : null,
            HubCpuMicrosPerMessage = hubMicros,
            KeptUp = reasons.Count == 0,
            LossFound = loss,
            Verdict = (reasons.Count == 0 ? "kept up" : string.Join("; ", reasons)) + note,
            GeneratorShort = note.Length > 0,
            GaugeMax = gaugeMax,
            LoadAverage = ProcessStats.LoadAverage(),
        };
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {phase} {rate,7:0}/s: achieved {result.AchievedRate,7:0}/s, consumed {result.Consumed}/{result.Acked}{(points is { } p ? $", InfluxDB {p.Spo2}/{p.Pulse}" : "")}, backlog end {endBacklog} (max {maxBacklog}, slope {result.BacklogSlope}/s), drain {result.DrainSeconds} s, dropped {dropped}; cpu {string.Join(", ", cpuPercent.Select(c => $"{c.Key} {c.Value:0}%"))}{(!hub ? "" : $", hub rss {rssMax:0} MB, hub {hubMicros} CPU-µs/msg")}{(gaugeMax.Count == 0 ? "" : "; max " + string.Join(", ", gaugeMax.Select(g => $"{g.Key} {g.Value}")))} → {result.Verdict} [load {result.LoadAverage}]"));
        return result;
    }

    /// <summary>CPU seconds of the hub processes together; null with none, or when one is gone.</summary>
    private static double? HubCpuSeconds(IReadOnlyList<int> pids) =>
        pids.Count > 0 && pids.Select(p => ProcessStats.CpuSeconds(p)).ToList() is var seconds && seconds.All(s => s is not null)
            ? seconds.Sum(s => s!.Value)
            : null;

    /// <summary>Least-squares slope of backlog over time (messages per second).</summary>
    private static double Slope(List<(double T, long Backlog)> points)
    {
        if (points.Count < 3)
        {
            return 0;
        }

        var meanT = points.Average(p => p.T);
        var meanB = points.Average(p => (double)p.Backlog);
        var num = points.Sum(p => (p.T - meanT) * (p.Backlog - meanB));
        var den = points.Sum(p => (p.T - meanT) * (p.T - meanT));
        return den == 0 ? 0 : num / den;
    }
}
