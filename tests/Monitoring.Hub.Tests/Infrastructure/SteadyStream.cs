using System.Globalization;
using System.Text;

namespace Monitoring.Hub.Tests.Infrastructure;

/// <summary>
/// A device sending a steady stream: one message every <c>interval</c>, each with two readings
/// (spo2 and pr) at its own millisecond, until stopped. <see cref="Sent"/> counts messages the
/// broker acknowledged; a message is only counted once its PUBACK arrived, and the publisher
/// re-sends unacknowledged ones across broker restarts, so every counted message must land.
/// </summary>
public sealed class SteadyStream
{
    private readonly DevicePublisher _publisher;
    private readonly string _deviceId;
    private readonly TimeSpan _interval;
    private readonly DateTimeOffset _origin;
    private readonly CancellationTokenSource _stop = new();
    private Task? _running;
    private int _sent;

    public SteadyStream(DevicePublisher publisher, string deviceId, TimeSpan interval, DateTimeOffset origin)
    {
        _publisher = publisher;
        _deviceId = deviceId;
        _interval = interval;
        _origin = origin;
    }

    public int Sent => Volatile.Read(ref _sent);

    public void Start() => _running = Task.Run(RunAsync);

    /// <summary>Stops sending and waits for every message already handed to the client to be acknowledged.</summary>
    public async Task<int> StopAsync()
    {
        await _stop.CancelAsync();
        await _running!;
        _stop.Dispose();
        return Sent;
    }

    private async Task RunAsync()
    {
        var pending = new List<Task>();
        for (var i = 0; !_stop.IsCancellationRequested; i++)
        {
            var at = (_origin.ToUnixTimeMilliseconds() + i) / 1000.0;
            var payload = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                $$"""[{"bt":{{at:R}},"n":"spo2","u":"%","v":{{90 + (i % 10)}}},{"n":"pr","u":"beat/min","v":{{60 + (i % 40)}}}]"""));
            pending.Add(Count(_publisher.PublishAsync(Topics.Telemetry(_deviceId), payload)));
            try
            {
                await Task.Delay(_interval, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await Task.WhenAll(pending).WaitAsync(TimeSpan.FromMinutes(3));
    }

    private async Task Count(Task publish)
    {
        await publish;
        Interlocked.Increment(ref _sent);
    }

    private static class Topics
    {
        public static string Telemetry(string deviceId) => Monitoring.Contracts.Topics.DeviceTopics.Telemetry(deviceId);
    }
}
