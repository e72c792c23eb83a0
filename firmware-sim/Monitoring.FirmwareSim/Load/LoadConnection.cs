using System.Collections.Concurrent;
using Monitoring.FirmwareSim.Physiology;

namespace Monitoring.FirmwareSim.Load;

/// <summary>
/// One connection's sending loop: paced by its own <see cref="TokenBucket"/>, it publishes for its
/// devices in turn (each message SpO2 + pulse with the device's next sequence number), keeps at most
/// <c>maxPending</c> messages waiting for PUBACK, and applies desaturations handed to it by
/// <see cref="Inject"/>.
/// </summary>
public sealed class LoadConnection
{
    private const int MaxBatch = 1024;

    /// <summary>
    /// Shortest wait: Task.Delay completes a sub-millisecond delay at once, which would turn the
    /// loop into a spin that holds a thread-pool thread and starves the other connections. The
    /// bucket keeps what accrues meanwhile, so the rate does not suffer.
    /// </summary>
    private static readonly TimeSpan MinWait = TimeSpan.FromMilliseconds(1);

    private readonly IReadOnlyList<LoadDevice> _devices;
    private readonly ILoadPublisher _publisher;
    private readonly TokenBucket _bucket;
    private readonly LoadStats _stats;
    private readonly DesaturationReport? _report;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly SemaphoreSlim _pending;
    private readonly int _maxPending;
    private readonly ConcurrentQueue<(int LocalIndex, DesaturationInjection Injection)> _injections = new();
    private int _next;

    public LoadConnection(
        IReadOnlyList<LoadDevice> devices, ILoadPublisher publisher, TokenBucket bucket, LoadStats stats,
        DesaturationReport? report, TimeProvider time, Random random, int maxPending)
    {
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(bucket);
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPending, 1);
        if (devices.Count == 0)
        {
            throw new ArgumentException("A connection needs at least one device.", nameof(devices));
        }

        _devices = devices;
        _publisher = publisher;
        _bucket = bucket;
        _stats = stats;
        _report = report;
        _time = time;
        _random = random;
        _maxPending = maxPending;
        _pending = new SemaphoreSlim(maxPending, maxPending);
    }

    public IReadOnlyList<LoadDevice> Devices => _devices;

    /// <summary>Thread-safe: the desaturation starts with the device's next message.</summary>
    public void Inject(int localIndex, DesaturationInjection injection) => _injections.Enqueue((localIndex, injection));

    /// <summary>Publishes until <paramref name="end"/> (null: until cancelled), then waits (bounded) for outstanding acknowledgements.</summary>
    public async Task RunAsync(DateTimeOffset? end, CancellationToken cancellationToken)
    {
        try
        {
            while (end is null || _time.GetUtcNow() < end)
            {
                while (_injections.TryDequeue(out var item))
                {
                    var device = _devices[item.LocalIndex];
                    device.Desaturation = item.Injection;
                    device.DesaturationRemaining = item.Injection.Readings;
                }

                var tokens = _bucket.Take(MaxBatch);
                if (tokens == 0)
                {
                    var wait = _bucket.TimeUntil();
                    if (wait < MinWait)
                    {
                        wait = MinWait;
                    }

                    if (end is { } stop && _time.GetUtcNow() + wait > stop)
                    {
                        wait = stop - _time.GetUtcNow();
                    }

                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, _time, cancellationToken);
                    }

                    continue;
                }

                for (var i = 0; i < tokens; i++)
                {
                    await _pending.WaitAsync(cancellationToken);
                    Send(_devices[_next]);
                    _next = (_next + 1) % _devices.Count;
                }

                // Give the thread back between batches, so connections share the pool even when sending never waits.
                await Task.Yield();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C: stop sending, still collect the acknowledgements below.
        }

        await DrainAsync();
    }

    private void Send(LoadDevice device)
    {
        var sequence = ++device.Sequence;

        // The wire carries milliseconds (SenML bt); the report gives the reading time as sent.
        var readingTime = DateTimeOffset.FromUnixTimeMilliseconds(_time.GetUtcNow().ToUnixTimeMilliseconds());
        var injection = device.DesaturationRemaining > 0 ? device.Desaturation : null;
        double spo2, pulse;
        if (injection is not null)
        {
            device.DesaturationRemaining--;
            spo2 = Math.Round(injection.Nadir + Draw.Uniform(_random, -0.5, 0.5));
            pulse = Math.Round(device.PulseBaseline + 25 + Draw.Uniform(_random, -3, 3));
        }
        else
        {
            spo2 = Math.Round(Math.Min(100, device.Spo2Baseline + Draw.Uniform(_random, -1, 1)));
            pulse = Math.Round(device.PulseBaseline + Draw.Uniform(_random, -4, 4));
        }

        var payload = LoadPayload.Build(device.Id, sequence, readingTime, spo2, pulse);
        _stats.OnSent();
        var publishedAt = _time.GetUtcNow();
        _ = TrackAsync(_publisher.PublishAsync(device.Topic, payload, CancellationToken.None), device.Id, sequence, readingTime, publishedAt, spo2, injection);
    }

    private async Task TrackAsync(
        Task publish, string deviceId, long sequence, DateTimeOffset readingTime, DateTimeOffset publishedAt, double spo2, DesaturationInjection? injection)
    {
        DateTimeOffset? acked = null;
        try
        {
            await publish;
            acked = _time.GetUtcNow();
            _stats.OnAcked();
        }
#pragma warning disable CA1031 // One failed publish is counted; the run goes on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _stats.OnFailed(ex);
        }
        finally
        {
            _pending.Release();
        }

        if (injection is not null)
        {
            _report?.Record(injection.Number, deviceId, sequence, readingTime, publishedAt, acked, spo2);
        }
    }

    private async Task DrainAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10), _time);
        try
        {
            for (var i = 0; i < _maxPending; i++)
            {
                await _pending.WaitAsync(timeout.Token);
            }

            _pending.Release(_maxPending);
        }
        catch (OperationCanceledException)
        {
            // Unacknowledged messages stay counted as sent but not acknowledged.
        }
    }
}
