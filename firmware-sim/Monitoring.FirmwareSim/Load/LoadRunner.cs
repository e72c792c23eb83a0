using System.Globalization;
using Monitoring.FirmwareSim.Devices;
using Monitoring.FirmwareSim.Hub;
using Monitoring.FirmwareSim.Physiology;
using Monitoring.FirmwareSim.Timing;

namespace Monitoring.FirmwareSim.Load;

/// <summary>
/// Load mode: D devices at R messages a second in total over C connections, fixed-rate pacing per
/// connection, a sequence number in every message, the achieved rate printed each second, and
/// desaturations injected at known times with their publish times written to a CSV file.
/// </summary>
public sealed class LoadRunner(LoadOptions options, TextWriter output, TimeProvider time, Func<int, ILoadPublisher>? publisherFactory = null)
{
    private const int RegisterParallelism = 8;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (options.Devices < 1 || options.Connections < 1 || options.Connections > options.Devices)
        {
            output.WriteLine("load: need at least one device per connection (--devices >= --connections >= 1).");
            return 2;
        }

        var random = new Random(options.Seed);
        var devices = Enumerable.Range(1, options.Devices)
            .Select(i => new LoadDevice(
                string.Create(CultureInfo.InvariantCulture, $"{options.DevicePrefix}-{i:00000}"),
                Draw.Uniform(random, 95, 99),
                Draw.Uniform(random, 62, 95)))
            .ToList();

        if (options.RegisterWithHub is not null)
        {
            await RegisterAsync(devices, cancellationToken);
        }

        var factory = publisherFactory ?? (c => new MqttLoadPublisher(
            options.Mqtt, string.Create(CultureInfo.InvariantCulture, $"{options.DevicePrefix}-conn-{c:000}"),
            options.Username, options.Password));
        var stats = new LoadStats();
        using var report = options.DesaturationReport is { } path ? new DesaturationReport(new StreamWriter(path)) : null;
        var ratePerConnection = options.Rate / options.Connections;
        var connections = new List<LoadConnection>();
        var publishers = new List<ILoadPublisher>();
        try
        {
            for (var c = 0; c < options.Connections; c++)
            {
                var own = devices.Where((_, i) => i % options.Connections == c).ToList();
                var publisher = factory(c);
                publishers.Add(publisher);

                // 100 ms of tokens at most: absorbs timer and scheduling jitter, never a flood.
                var bucket = new TokenBucket(ratePerConnection, Math.Max(1, ratePerConnection * 0.1), time);
                connections.Add(new LoadConnection(own, publisher, bucket, stats, report, time, new Random(options.Seed + c + 1), options.MaxPending));
            }

            await Task.WhenAll(publishers.Select(p => p.ConnectAsync(cancellationToken)));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"load: {options.Devices} devices, {options.Rate} messages/s (2 readings each) over {options.Connections} connections as '{options.Username}'{(options.Duration > TimeSpan.Zero ? $" for {DurationText.Format(options.Duration)}" : "; Ctrl-C stops")}"));

            var start = time.GetUtcNow();
            var end = options.Duration > TimeSpan.Zero ? start + options.Duration : (DateTimeOffset?)null;
            using var helpers = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var reporter = ReportAsync(stats, start, helpers.Token);
            var injector = InjectAsync(connections, start, end, helpers.Token);
            await Task.WhenAll(connections.Select(c => c.RunAsync(end, cancellationToken)));
            await helpers.CancelAsync();
            await Task.WhenAll(reporter, injector);

            var elapsed = (time.GetUtcNow() - start).TotalSeconds;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"load: sent {stats.Sent}, acknowledged {stats.Acked}, failed {stats.Failed} in {elapsed:0.0} s = {stats.Acked / Math.Max(elapsed, 0.001):0} acknowledged/s (target {options.Rate}/s){(report is null ? "" : $"; {report.Lines} desaturation readings in {options.DesaturationReport}")}"));
            if (stats.FirstFailure is { } why)
            {
                output.WriteLine($"load: first failure: {why}");
            }

            return stats.Failed == 0 ? 0 : 1;
        }
        finally
        {
            foreach (var publisher in publishers)
            {
                await publisher.DisposeAsync();
            }
        }
    }

    /// <summary>The offsets from the start at which desaturations are injected, in order.</summary>
    public static IReadOnlyList<TimeSpan> InjectionOffsets(LoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var offsets = new List<TimeSpan>(options.DesaturationAt);
        if (options.DesaturationEvery > TimeSpan.Zero)
        {
            var horizon = options.Duration > TimeSpan.Zero ? options.Duration : TimeSpan.FromDays(1);
            for (var t = options.DesaturationEvery; t < horizon; t += options.DesaturationEvery)
            {
                offsets.Add(t);
            }
        }

        offsets.Sort();
        return offsets;
    }

    private async Task InjectAsync(List<LoadConnection> connections, DateTimeOffset start, DateTimeOffset? end, CancellationToken cancellationToken)
    {
        var number = 0;
        try
        {
            foreach (var offset in InjectionOffsets(options))
            {
                var at = start + offset;
                if (end is { } stop && at >= stop)
                {
                    break;
                }

                var wait = at - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, cancellationToken);
                }

                number++;

                // Spread over the fleet: a large prime stride visits different devices and connections.
                var index = (int)((number * 7919L) % options.Devices);
                var connection = connections[index % options.Connections];
                var device = connection.Devices[index / options.Connections];
                connection.Inject(index / options.Connections, new DesaturationInjection(number, index, at, options.DesaturationReadings, options.DesaturationNadir));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"load: desaturation #{number} into {device.Id} at {at.UtcDateTime:O} (SpO2 {options.DesaturationNadir} for {options.DesaturationReadings} messages)"));
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended.
        }
    }

    private async Task ReportAsync(LoadStats stats, DateTimeOffset start, CancellationToken cancellationToken)
    {
        long lastSent = 0, lastAcked = 0;
        var last = start;
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
                var now = time.GetUtcNow();
                var seconds = Math.Max((now - last).TotalSeconds, 0.001);
                long sent = stats.Sent, acked = stats.Acked;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[{(now - start).TotalSeconds,5:0}s] published {(sent - lastSent) / seconds,8:0}/s, acknowledged {(acked - lastAcked) / seconds,8:0}/s (target {options.Rate}/s); total {sent} sent, {acked} acknowledged, {stats.Failed} failed, {sent - acked - stats.Failed} waiting"));
                (lastSent, lastAcked, last) = (sent, acked, now);
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended.
        }
    }

    private async Task RegisterAsync(List<LoadDevice> devices, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = options.RegisterWithHub, Timeout = TimeSpan.FromSeconds(60) };
        var hub = new HubClient(http);
        await hub.LoginAsync(options.AdminUsername ?? "admin", options.AdminPassword ?? "", cancellationToken);
        var registrar = new HubRegistrar(hub);
        var clinic = await registrar.EnsureClinicAsync(options.ClinicName, "Asia/Shanghai", cancellationToken);
        var done = 0;
        await Parallel.ForEachAsync(
            devices,
            new ParallelOptions { MaxDegreeOfParallelism = RegisterParallelism, CancellationToken = cancellationToken },
            async (device, ct) =>
            {
                var spec = new PatientSpec($"负载 {device.Id}", new DateOnly(1970, 6, 1), "male", "stable", "full", []);
                await registrar.RegisterAsync(clinic.Id, spec, [(device.Id, DeviceKind.Oximeter)], startEpisode: true, ct);
                var n = Interlocked.Increment(ref done);
                if (n % 500 == 0 || n == devices.Count)
                {
                    output.WriteLine($"load: registered {n}/{devices.Count} devices in '{clinic.Name}'");
                }
            });
    }
}
