using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using MQTTnet;

namespace Monitoring.Hub.Benchmarks;

/// <summary>
/// Alarm latency under load: a publisher of its own (one MQTT connection, QoS 1) sends a
/// desaturation for one probe patient at a time, at known times, while the generator loads the
/// hub; a dashboard connection of the probe clinic's nurse receives <c>alarmRaised</c>. Latency is
/// from just before the publish to the arrival of the event's bytes, on one clock. Each message
/// is one normal and two low SpO2 readings (the two lows make the run sustained, clinical-rules
/// §2), so one message raises one <c>spo2_low</c>; the alarm is then resolved through the API
/// (off the measured path) so the probe patient can raise again later.
/// </summary>
public sealed class LatencyProbe : IAsyncDisposable
{
    private readonly IReadOnlyList<(string DeviceId, Guid PatientId)> _probes;
    private readonly IMqttClient _publisher;
    private readonly HubApi _api;
    private readonly ConcurrentDictionary<Guid, long> _pending = new();
    private readonly ConcurrentDictionary<Guid, bool> _busy = new();
    private readonly ConcurrentBag<double> _samples = [];
    private readonly ConcurrentBag<Task> _resolving = [];
    private int _next;
    private long _published;
    private long _unexpected;

    private LatencyProbe(IReadOnlyList<(string DeviceId, Guid PatientId)> probes, IMqttClient publisher, HubApi api)
    {
        _probes = probes;
        _publisher = publisher;
        _api = api;
    }

    public long Published => Interlocked.Read(ref _published);

    public static async Task<LatencyProbe> CreateAsync(BenchSettings settings, IReadOnlyList<(string DeviceId, Guid PatientId)> probes, HubApi api)
    {
        var publisher = await BrokerClients.ConnectAdminAsync(settings, $"bench-probe-{Environment.ProcessId}");
        return new LatencyProbe(probes, publisher, api);
    }

    /// <summary>The SignalR listener's callback.</summary>
    public void OnAlarmRaised(Guid alarmId, Guid patientId, string kind, long arrived)
    {
        if (kind != "spo2_low" || !_pending.TryRemove(patientId, out var published))
        {
            Interlocked.Increment(ref _unexpected);
            return;
        }

        _samples.Add(Stopwatch.GetElapsedTime(published, arrived).TotalMilliseconds);
        _resolving.Add(Task.Run(async () =>
        {
            try
            {
                await _api.ResolveAlarmAsync(alarmId);
            }
            finally
            {
                _busy.TryRemove(patientId, out _);
            }
        }));
    }

    /// <summary>Injects one desaturation every <paramref name="interval"/> until <paramref name="until"/> is cancelled.</summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken until)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(until))
            {
                if (NextFree() is not { } probe)
                {
                    continue; // every probe still waiting for its alarm or its resolution
                }

                var payload = Payload(probe.DeviceId, DateTimeOffset.UtcNow);
                _busy[probe.PatientId] = true;
                _pending[probe.PatientId] = Stopwatch.GetTimestamp();
                Interlocked.Increment(ref _published);
                _ = BrokerClients.PublishAsync(_publisher, $"rpm/v1/devices/{probe.DeviceId}/telemetry", payload);
            }
        }
        catch (OperationCanceledException)
        {
            // The load phase ended.
        }
    }

    /// <summary>Waits (bounded) for the last alarms, then returns the latencies and the misses.</summary>
    public async Task<LatencyResult> FinishAsync(TimeSpan wait)
    {
        var deadline = Stopwatch.StartNew();
        while (!_pending.IsEmpty && deadline.Elapsed < wait)
        {
            await Task.Delay(100);
        }

        await Task.WhenAll(_resolving).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var sorted = _samples.Order().ToArray();
        return new LatencyResult(Published, sorted.Length, _pending.Count, Interlocked.Read(ref _unexpected),
            Percentile(sorted, 0.5), Percentile(sorted, 0.99), Percentile(sorted, 0.999), sorted.Length == 0 ? null : sorted[^1],
            sorted.Length == 0 ? null : sorted.Average());
    }

    public async ValueTask DisposeAsync() => await BrokerClients.DisconnectAsync(_publisher);

    /// <summary>Nearest rank: the smallest sample with at least p of them at or below it.</summary>
    public static double? Percentile(double[] sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        return sorted.Length == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private (string DeviceId, Guid PatientId)? NextFree()
    {
        for (var i = 0; i < _probes.Count; i++)
        {
            var probe = _probes[_next];
            _next = (_next + 1) % _probes.Count;
            if (!_busy.ContainsKey(probe.PatientId))
            {
                return probe;
            }
        }

        return null;
    }

    private static byte[] Payload(string deviceId, DateTimeOffset now)
    {
        // Three readings 1 ms apart ending now: normal (ends any earlier run), then two below 93 %.
        var bt = (now.ToUnixTimeMilliseconds() - 2) / 1000.0;
        return Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $$"""[{"bn":"urn:dev:id:{{deviceId}}:","bt":{{bt:0.000}},"n":"spo2","u":"%","v":97},{"n":"spo2","t":0.001,"v":90},{"n":"spo2","t":0.002,"v":89},{"n":"pr","u":"beat/min","t":0.002,"v":104}]"""));
    }
}
