using System.Collections.Concurrent;
using Monitoring.Hub.Ingestion;

namespace Monitoring.Hub.Tests.Ingestion;

/// <summary>
/// A stand-in for the alarm engine that records the devices of the readings it is handed, in the
/// order it is handed them, and can hold the hand-off of one device's readings.
/// </summary>
public sealed class OrderRecordingObserver : IReadingObserver
{
    private readonly ConcurrentQueue<(string DeviceId, double Value)> _order = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _held = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _seen = new();

    /// <summary>The device and value of every reading handed over so far, in hand-off order.</summary>
    public IReadOnlyList<(string DeviceId, double Value)> Order => [.. _order];

    public void Hold(string deviceId) => _held[deviceId] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release(string deviceId)
    {
        if (_held.TryRemove(deviceId, out var gate))
        {
            gate.TrySetResult();
        }
    }

    public Task SeenAsync(string deviceId) => Seen(deviceId).Task;

    public async ValueTask OnReadingsAsync(IReadOnlyList<AttributedReading> readings, CancellationToken cancellationToken)
    {
        foreach (var reading in readings)
        {
            _order.Enqueue((reading.DeviceId, reading.Value));
            Seen(reading.DeviceId).TrySetResult();
        }

        foreach (var deviceId in readings.Select(r => r.DeviceId).Distinct())
        {
            if (_held.TryGetValue(deviceId, out var gate))
            {
                await gate.Task.WaitAsync(cancellationToken);
            }
        }
    }

    private TaskCompletionSource Seen(string deviceId) =>
        _seen.GetOrAdd(deviceId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
