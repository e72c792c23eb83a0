using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Monitoring.Hub.Benchmarks;

/// <summary>
/// Issue 9's protocol, in order: (a) broker ceiling with a counting subscriber; then the hub as its
/// own process: memory with no devices, 10,000 monitored patients registered, (b) rising rates and
/// the best one held with (c) desaturation probes measuring alarm latency, (d) memory at 10,000 and
/// 20,000 streaming devices; (e) the ratio. Prints progress and the table, writes artifacts/bench/.
/// </summary>
public sealed class BenchRun(BenchSettings settings, TextWriter log)
{
    private const string LoadPrefix = "bench";
    private const string ProbePrefix = "probe";
    private const string NursePassword = "bench-nurse-password-1";

    public async Task<int> RunAsync()
    {
        var started = DateTimeOffset.UtcNow;
        var result = new BenchResult
        {
            StartedAt = started,
            Machine = Machine(),
            Settings = new Dictionary<string, string>
            {
                ["devices"] = Text(settings.Devices),
                ["connections"] = Text(settings.Connections),
                ["quick"] = settings.Quick ? "yes" : "no",
                ["brokerStepSeconds"] = Text(settings.BrokerStep.TotalSeconds),
                ["hubStepSeconds"] = Text(settings.HubStep.TotalSeconds),
                ["holdSeconds"] = Text(settings.Hold.TotalSeconds),
                ["probeIntervalMs"] = Text(settings.ProbeInterval.TotalMilliseconds),
                ["hub"] = settings.Label ?? "this repository's build",
                ["hubs"] = Text(settings.Hubs),
            },
        };
        log.WriteLine($"bench: {result.Machine["cpu"]}, nproc {result.Machine["nproc"]}, load {result.Machine["loadStart"]}");

        var stack = StackProcesses();
        await using var sys = await BrokerSys.StartAsync(settings);
        if (!settings.SkipBroker)
        {
            await BrokerCeilingAsync(result, sys, stack);
        }

        try
        {
            await HubAsync(result, sys, stack);
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or IOException)
        {
            result.Notes.Add($"The hub phase stopped: {ex.Message.Split(Environment.NewLine)[0]}");
            log.WriteLine($"bench: the hub phase failed: {ex}");
        }

        result.LoadAverageAtEnd = ProcessStats.LoadAverage();
        var path = await BenchReport.WriteAsync(result, settings.OutputDirectory, settings.ResultFile);
        log.WriteLine();
        log.WriteLine(BenchReport.Markdown(result));
        log.WriteLine($"bench: written {path} (and bench-latest.md/.json beside it)");
        return 0;
    }

    private async Task BrokerCeilingAsync(BenchResult result, BrokerSys sys, IReadOnlyList<Watched> stack)
    {
        log.WriteLine("== (a) broker ceiling: generator → Mosquitto → counting subscriber (MQTTnet, MQTT 5, QoS 1, acknowledges each)");
        var runner = new StepRunner(settings, sys, [.. stack, new Watched("bench", Environment.ProcessId)], log);
        await using (var subscriber = await CountingSubscriber.StartAsync(settings))
        {
            foreach (var rate in settings.BrokerRates)
            {
                var from = subscriber.Received;
                var step = await runner.RunAsync($"broker", rate, settings.BrokerStep, settings.Devices, LoadPrefix, () => Task.FromResult(subscriber.Received - from), hubPids: []);
                result.BrokerSteps.Add(step);
                if (!step.KeptUp || GeneratorStuck(result.BrokerSteps))
                {
                    break;
                }
            }
        }

        result.BrokerCeiling = result.BrokerSteps.Where(s => s.KeptUp).Select(s => (double?)s.AchievedRate).Max();
        if (result.BrokerSteps.Any(s => s.GeneratorShort))
        {
            result.Notes.Add("At some broker steps the generator itself could not publish the target rate on the shared cores: the ceiling is where broker, generator and subscriber together top out.");
        }
        if (result.BrokerSteps.Count > 0 && result.BrokerSteps[^1].KeptUp)
        {
            result.Notes.Add("The broker kept up at every rate tried: its ceiling is at least the highest (raise BENCH_BROKER_RATES).");
        }
    }

    private async Task HubAsync(BenchResult result, BrokerSys sys, IReadOnlyList<Watched> stack)
    {
        log.WriteLine(settings.Hubs == 1
            ? "== (b) the hub as its own process (Release build, ingestion and alarms on)"
            : C($"== (b) {settings.Hubs} hub processes of one cluster (Release build, ingestion and alarms on; Orleans membership and SignalR backplane in Redis, one shared subscription): every step measures them together"));
        await Postgres.RecreateAsync(settings, HubHost.DatabaseName);
        using var influx = new Influx(settings);
        await influx.DropAsync(HubHost.InfluxDatabase);
        await using var hubs = await HubSet.StartAsync(settings);
        var api = hubs.Admin;
        var stamp = DateTimeOffset.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        var runner = new StepRunner(settings, sys, [.. stack, .. hubs.ProcessIds.Select(pid => new Watched("hub", pid))], log);
        await ServerGcNoteAsync(hubs, result);

        if (!settings.SkipMemory)
        {
            await Task.Delay(TimeSpan.FromSeconds(settings.Quick ? 3 : 10));
            result.Memory.Add(await MemoryAsync(hubs, 0));
        }

        // (d)'s 10,000 and the probes: one patient per clinic through the API, the rest cloned (FleetSeeder).
        var clinic = await api.CreateClinicAsync($"bench load {stamp}");
        var load = await SeedAsync(api, clinic, LoadPrefix, 1, settings.Devices);
        var probeClinic = await api.CreateClinicAsync($"bench probes {stamp}");
        var probes = await SeedAsync(api, probeClinic, ProbePrefix, 1, settings.Probes);
        await api.CreateNurseAsync(probeClinic, $"bench-nurse-{stamp}", NursePassword);
        log.WriteLine($"  registered {load.Count} load patients and {probes.Count} probe patients; waiting for the hub's assignment refresh");
        await Task.Delay(TimeSpan.FromSeconds(12));

        async Task<(long, long)> Count(DateTimeOffset from, DateTimeOffset to, long acked)
        {
            var points = await influx.CountAsync(HubHost.InfluxDatabase, clinic, from, to);
            return points;
        }

        long ackedBase = 0;
        RuntimeStats? lastStats = null;
        Func<Task<long>> consumed = async () =>
        {
            lastStats = await hubs.RuntimeAsync();
            return lastStats.MessagesAcknowledged - ackedBase;
        };
        Func<IReadOnlyDictionary<string, long>> gauges = () => lastStats is not { } g
            ? new Dictionary<string, long>()
            : new Dictionary<string, long>
            {
                ["unacked"] = g.Unacknowledged,
                ["inbound"] = g.InboundQueue,
                ["influxLines"] = g.BufferedLines,
                ["alarmQueue"] = g.AlarmQueue,
            };

        // Warm-up: JIT, connection pools, and every patient's first sight (rule state read from PostgreSQL).
        ackedBase = (await hubs.RuntimeAsync()).MessagesAcknowledged;
        var warm = await runner.RunAsync("warm-up", Math.Min(10_000, settings.HubRates[0]), TimeSpan.FromSeconds(settings.Quick ? 8 : 20), settings.Devices, LoadPrefix, consumed, hubs.ProcessIds, Count, gauges: gauges);
        result.HubSteps.Add(warm);

        foreach (var rate in settings.HubRates)
        {
            ackedBase = await SettledAsync(hubs);
            var step = await runner.RunAsync("step", rate, settings.HubStep, settings.Devices, LoadPrefix, consumed, hubs.ProcessIds, Count, gauges: gauges);
            result.HubSteps.Add(step);
            // With BENCH_ALL_STEPS every rate is offered; a step the machine cannot offer says so in its verdict.
            if (!settings.AllSteps && (!step.KeptUp || GeneratorStuck(result.HubSteps)))
            {
                break;
            }
        }

        // Held at the target of the best step kept up at (the generator reaches about that when the machine lets it).
        var best = result.HubSteps.Where(s => s.KeptUp && s.Phase == "step").Select(s => (double?)s.TargetRate).Max();
        var holdRate = best ?? settings.HubRates[0];
        if (best is null)
        {
            result.Notes.Add("The hub kept up at no step: the hold ran at the lowest step's rate.");
        }

        // (b) hold + (c) latency probes. A rate the hub kept up with for one step may still be
        // more than it holds for the whole hold on these shared cores: then it is held again
        // lower (at most HoldRetries times), so the result is a rate held, not one attempted.
        for (var attempt = 0; ; attempt++)
        {
            log.WriteLine(C($"== (b, c) hold {holdRate:0}/s for {settings.Hold.TotalSeconds:0} s with a desaturation every {settings.ProbeInterval.TotalMilliseconds:0} ms"));
            using var nurse = await HubApi.LoginAsync(hubs.First.BaseAddress, $"bench-nurse-{stamp}", NursePassword);
            await using var probe = await LatencyProbe.CreateAsync(settings, probes, api);
            await using var listener = await SignalRListener.ConnectAsync(hubs.First.BaseAddress, nurse.Token, probe.OnAlarmRaised);
            ackedBase = await SettledAsync(hubs);
            using var probing = new CancellationTokenSource();
            var probeRun = Task.Run(() => probe.RunAsync(settings.ProbeInterval, probing.Token));
            var probesBefore = probe.Published;
            var hold = await runner.RunAsync("hold", holdRate, settings.Hold, settings.Devices, LoadPrefix,
                consumed, hubs.ProcessIds, async (from, to, acked) =>
                {
                    await probing.CancelAsync();
                    await probeRun;
                    return await Count(from, to, acked);
                },
                extraExpected: () => probe.Published - probesBefore, gauges: gauges);
            await probing.CancelAsync();
            await probeRun;
            var latency = await probe.FinishAsync(TimeSpan.FromSeconds(30));
            if (listener.ClosedWith is { } closed)
            {
                result.Notes.Add($"The dashboard connection closed during the hold at {holdRate:0}/s: {closed}");
            }

            if (hold.KeptUp || attempt >= settings.HoldRetries)
            {
                result.Hold = hold;
                result.Latency = latency;
                break;
            }

            // 20 % lower each time. (What the hub processed in the failed hold is no guide: once the
            // broker's queue overflows, the whole machine slows down and the hub with it.)
            var lower = Math.Max(1000, Math.Floor(holdRate * 0.8 / 1000) * 1000);
            result.FailedHolds.Add(hold);
            result.Notes.Add(C($"The hold at {holdRate:0}/s fell behind ({hold.Verdict}; alarm latency then p50 {latency.P50:0} ms, p99 {latency.P99:0} ms, {latency.Missed} of {latency.Injected} probes missed); it was held again at {lower:0}/s."));
            log.WriteLine(C($"  hold at {holdRate:0}/s fell behind; latency then: {latency}; holding again at {lower:0}/s"));
            holdRate = lower;
        }

        var held = result.Hold;
        result.HubBest = held.KeptUp ? held.AchievedRate : result.HubSteps.Where(s => s.KeptUp && s.Phase == "step").Select(s => (double?)s.AchievedRate).Max();
        log.WriteLine(C($"  latency: {result.Latency}"));

        if (!settings.SkipMemory)
        {
            result.Memory.Add(await MemoryAsync(hubs, settings.Devices));
            await SeedAsync(api, clinic, LoadPrefix, settings.Devices + 1, settings.Devices, template: (load[0].PatientId, load[0].DeviceId));
            await Task.Delay(TimeSpan.FromSeconds(12));
            var memoryRate = settings.MemoryRate > 0 ? settings.MemoryRate : holdRate;
            ackedBase = await SettledAsync(hubs);
            result.MemoryStep = await runner.RunAsync(C($"{2 * settings.Devices} devices"), memoryRate, settings.MemoryStream, 2 * settings.Devices, LoadPrefix, consumed, hubs.ProcessIds, Count, gauges: gauges);
            result.Memory.Add(await MemoryAsync(hubs, 2 * settings.Devices));
        }
    }

    /// <summary>Two steps in a row where the generator fell short: higher targets cannot be offered.</summary>
    private static bool GeneratorStuck(List<StepResult> steps) =>
        steps.Count >= 2 && steps[^1].GeneratorShort && steps[^2].GeneratorShort;

    /// <summary>Waits (bounded) until the hub has nothing unacknowledged and takes no more, so a step starts from an empty pipeline; returns the acknowledged count then.</summary>
    private async Task<long> SettledAsync(HubSet hubs)
    {
        var clock = Stopwatch.StartNew();
        var last = await hubs.RuntimeAsync();
        var quiet = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(180) && quiet.Elapsed < TimeSpan.FromSeconds(2))
        {
            await Task.Delay(250);
            var now = await hubs.RuntimeAsync();
            if (now.MessagesReceived != last.MessagesReceived || now.Unacknowledged > 0)
            {
                quiet.Restart();
            }

            last = now;
        }

        if (clock.Elapsed > TimeSpan.FromSeconds(5))
        {
            log.WriteLine(C($"  (waited {clock.Elapsed.TotalSeconds:0} s for the hub to drain the previous step)"));
        }

        return last.MessagesAcknowledged;
    }

    private async Task<IReadOnlyList<(string DeviceId, Guid PatientId)>> SeedAsync(
        HubApi api, Guid clinicId, string prefix, int first, int count, (Guid PatientId, string DeviceId)? template = null)
    {
        var width = prefix == LoadPrefix ? "00000" : "0000";
        string Id(int i) => $"{prefix}-{i.ToString(width, CultureInfo.InvariantCulture)}";
        var list = new List<(string DeviceId, Guid PatientId)>();
        var start = first;
        if (template is null)
        {
            var patient = await api.RegisterMonitoredPatientAsync(clinicId, $"负载 {Id(first)}", Id(first));
            template = (patient, Id(first));
            list.Add((Id(first), patient));
            start++;
        }

        var clock = Stopwatch.StartNew();
        var ids = Enumerable.Range(start, first + count - start).Select(Id).ToList();
        list.AddRange(await FleetSeeder.CloneAsync(settings, template.Value.PatientId, template.Value.DeviceId, ids));
        log.WriteLine(C($"  seeded {ids.Count} {prefix} patients in {clock.Elapsed.TotalSeconds:0.0} s"));
        return list;
    }

    /// <summary>Hub 1's memory (BENCH_HUBS > 1 skips the memory phase: a hub's memory is a one-hub measure).</summary>
    private async Task<MemoryPoint> MemoryAsync(HubSet hubs, int devices)
    {
        // Let the pipeline drain and go idle (what waits in its queues is load, not devices), collect
        // fully (compacting), then read RSS a moment later.
        await SettledAsync(hubs);
        var stats = await hubs.Admin.RuntimeAsync(collect: true);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var rss = ProcessStats.ResidentBytes(hubs.First.ProcessId) ?? stats.WorkingSetBytes;
        var point = new MemoryPoint(devices, Math.Round(rss / 1048576.0, 1), Math.Round(stats.GcHeapBytes / 1048576.0, 1), Math.Round(stats.GcCommittedBytes / 1048576.0, 1));
        log.WriteLine(C($"  (d) memory with {devices} devices: RSS {point.RssMb} MB, managed heap {point.GcHeapMb} MB, committed {point.GcCommittedMb} MB"));
        return point;
    }

    private static async Task ServerGcNoteAsync(HubSet hubs, BenchResult result)
    {
        var stats = await hubs.Admin.RuntimeAsync();
        result.Notes.Add($"The hub{(hubs.Count > 1 ? $"s ({hubs.Count}) each" : "")} ran with the {(stats.ServerGc ? "server" : "workstation")} garbage collector on {stats.ProcessorCount} processors.");
    }

    private List<Watched> StackProcesses()
    {
        var processes = new List<Watched>();
        if (ProcessStats.PidFromFile(Path.Combine(settings.DataDirectory, "mosquitto", "mosquitto.pid")) is { } mosquitto)
        {
            processes.Add(new Watched("mosquitto", mosquitto));
        }

        if (ProcessStats.PidFromFile(Path.Combine(settings.DataDirectory, "influxdb", "influxd.pid")) is { } influx)
        {
            processes.Add(new Watched("influxdb", influx));
        }

        if (ProcessStats.PidFromFile(Path.Combine(settings.DataDirectory, "postgres", "data", "postmaster.pid")) is { } postgres)
        {
            processes.Add(new Watched("postgres", postgres, Children: true));
        }

        if (settings.Hubs > 1 && ProcessStats.PidFromFile(Path.Combine(settings.DataDirectory, "redis", "redis.pid")) is { } redis)
        {
            processes.Add(new Watched("redis", redis));
        }

        return processes;
    }

    private static Dictionary<string, string> Machine()
    {
        string? First(string file, string prefix) =>
            File.Exists(file) ? File.ReadLines(file).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?.Split(':', 2)[1].Trim() : null;
        var nproc = Process.Start(new ProcessStartInfo("nproc") { RedirectStandardOutput = true })!;
        var cores = nproc.StandardOutput.ReadToEnd().Trim();
        nproc.WaitForExit();
        return new Dictionary<string, string>
        {
            ["cpu"] = First("/proc/cpuinfo", "model name") ?? "unknown",
            ["nproc"] = cores,
            ["memory"] = First("/proc/meminfo", "MemTotal") ?? "unknown",
            ["os"] = RuntimeInformation.OSDescription,
            ["runtime"] = RuntimeInformation.FrameworkDescription,
            ["loadStart"] = ProcessStats.LoadAverage(),
        };
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static string C(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
