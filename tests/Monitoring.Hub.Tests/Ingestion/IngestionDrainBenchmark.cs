using System.Diagnostics;
using System.Globalization;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Ingestion;

/// <summary>
/// The hub's CPU per message while it drains a backlog: 100,000 QoS 1 messages of 2 readings from
/// 10 devices queue at the broker while the hub process is frozen (SIGSTOP), then the hub is thawed
/// and timed until InfluxDB holds every point; its CPU (user + system, from <c>/proc</c>) over that
/// span divided by the messages is what ingestion costs per message, whatever else the shared machine
/// runs. The publisher is idle while the hub drains, so it does not compete for the cores. A warm-up of 20,000
/// messages first, so that what is measured is the steady state rather than the JIT.
/// <para>
/// Explicit, prints only. <c>BENCH_DRAIN_HUBS</c> compares builds side by side, alternating in one
/// sitting (e.g. <c>base=/tmp/base/Monitoring.Hub.dll,head=</c>; empty path: this build);
/// <c>BENCH_DRAIN_ROUNDS</c> runs of each (3); <c>BENCH_DRAIN_PERF</c> a directory for a
/// <c>perf record</c> of each drain (the hub runs with <c>DOTNET_PerfMapEnabled=1</c>, W^X off).
/// </para>
/// </summary>
[Collection(IngestionCollection.Name)]
public sealed class IngestionDrainBenchmark(ITestOutputHelper output)
{
    private const int Devices = 10;
    private const int MessagesPerDevice = 10_000;
    private const int WarmUpPerDevice = 2_000;

    [Fact(Explicit = true)]
    public async Task CpuPerMessageWhileDrainingABacklog()
    {
        var hubs = (Environment.GetEnvironmentVariable("BENCH_DRAIN_HUBS") is { Length: > 0 } list ? list : "head=")
            .Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(h => h.Split('=', 2))
            .Select(h => (Label: h[0], Assembly: h.Length > 1 && h[1].Length > 0 ? h[1] : null))
            .ToList();
        var rounds = int.Parse(Environment.GetEnvironmentVariable("BENCH_DRAIN_ROUNDS") ?? "3", CultureInfo.InvariantCulture);
        var perf = Environment.GetEnvironmentVariable("BENCH_DRAIN_PERF");
        var results = hubs.ToDictionary(h => h.Label, _ => new List<(double MicrosPerMessage, double PerSecond)>());
        for (var round = 0; round < rounds; round++)
        {
            // A B, then B A: neither side always runs first on a machine whose load drifts.
            var order = round % 2 == 0 ? hubs : Enumerable.Reverse(hubs).ToList();
            foreach (var (label, assembly) in order)
            {
                var perfFile = perf is { Length: > 0 } ? Path.Combine(perf, $"{label}-{round}.data") : null;
                var (micros, perSecond, user, system) = await DrainOnceAsync(assembly, perfFile);
                results[label].Add((micros, perSecond));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round} {label}: {micros:F1} CPU-µs/msg (user {user:F1}, system {system:F1}), {perSecond:F0} msg/s"));
            }
        }

        foreach (var (label, runs) in results)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label}: median {Median(runs.Select(r => r.MicrosPerMessage)):F1} CPU-µs/msg [{string.Join(" ", runs.Select(r => r.MicrosPerMessage.ToString("F1", CultureInfo.InvariantCulture)))}], median {Median(runs.Select(r => r.PerSecond)):F0} msg/s [{string.Join(" ", runs.Select(r => r.PerSecond.ToString("F0", CultureInfo.InvariantCulture)))}]"));
        }
    }

    private async Task<(double MicrosPerMessage, double PerSecond, double User, double System)> DrainOnceAsync(string? assembly, string? perfFile)
    {
        var settings = new Dictionary<string, string>();
        if (perfFile is not null)
        {
            settings["DOTNET_PerfMapEnabled"] = "1";
            // JIT-compiled code in plain memory rather than a double mapping perf cannot name.
            settings["DOTNET_EnableWriteXorExecute"] = "0";
        }

        const int total = WarmUpPerDevice + MessagesPerDevice;
        await using var bench = await IngestionBenchHub.StartAsync("d", Devices, total, assembly, settings);

        // Warm up (connection pools, grains, and the JIT: a young process still compiles its hot methods from
        // quick tier-0 code to optimized code, which would be counted against the drain), then freeze and let the
        // backlog pile up at the broker.
        await bench.PublishAsync(0, WarmUpPerDevice);
        await WaitForAsync(bench.Influx, (long)Devices * WarmUpPerDevice);
        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        await bench.Hub.FreezeAsync();
        await bench.PublishAsync(WarmUpPerDevice, total);

        var pid = bench.Hub.ProcessId!.Value;
        var before = CpuTicks(pid);
        using var recorder = perfFile is null ? null : Process.Start("perf", ["record", "-F", "499", "-g", "-q", "-p", pid.ToString(CultureInfo.InvariantCulture), "-o", perfFile]);
        var clock = Stopwatch.StartNew();
        await bench.Hub.ThawAsync();
        await WaitForAsync(bench.Influx, (long)Devices * total);
        var elapsed = clock.Elapsed;
        var after = CpuTicks(pid);
        if (recorder is not null)
        {
            using var stop = Process.Start("kill", ["-INT", recorder.Id.ToString(CultureInfo.InvariantCulture)]);
            await recorder.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        const double messages = (double)Devices * MessagesPerDevice;
        var ticksPerSecond = 100.0; // USER_HZ on Linux
        var user = (after.User - before.User) / ticksPerSecond * 1e6 / messages;
        var system = (after.System - before.System) / ticksPerSecond * 1e6 / messages;
        return (user + system, messages / elapsed.TotalSeconds, user, system);
    }

    private static async Task WaitForAsync(InfluxTestDatabase influx, long expected)
    {
        var limit = Stopwatch.StartNew();
        long count;
        while ((count = await influx.TryCountAsync("spo2")) < expected)
        {
            Assert.True(limit.Elapsed < TimeSpan.FromMinutes(5), $"InfluxDB holds {count} of {expected} spo2 points after 5 minutes");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>utime and stime of a process in clock ticks (proc(5), fields 14 and 15).</summary>
    private static (long User, long System) CpuTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture), long.Parse(fields[12], CultureInfo.InvariantCulture));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
