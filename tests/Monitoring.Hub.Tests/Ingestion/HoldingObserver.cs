using System.Collections.Concurrent;
using Monitoring.Hub.Ingestion;

namespace Monitoring.Hub.Tests.Ingestion;

/// <summary>
/// A stand-in for the alarm engine that records the first reading of each device and can hold a
/// device's readings at the hand-off, to show they reach it before they are written.
/// </summary>
public sealed class HoldingObserver : IReadingObserver
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<AttributedReading>> _seen = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _held = new();

    public void Hold(string deviceId) => _held[deviceId] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release(string deviceId)
    {
        if (_held.TryRemove(deviceId, out var gate))
        {
            gate.TrySetResult();
        }
    }

    public Task<AttributedReading> SeenAsync(string deviceId) => Seen(deviceId).Task;

    public async ValueTask OnReadingsAsync(IReadOnlyList<AttributedReading> readings, CancellationToken cancellationToken)
    {
        var deviceId = readings[0].DeviceId;
        Seen(deviceId).TrySetResult(readings[0]);
        if (_held.TryGetValue(deviceId, out var gate))
        {
            await gate.Task.WaitAsync(cancellationToken);
        }
    }

    private TaskCompletionSource<AttributedReading> Seen(string deviceId) =>
        _seen.GetOrAdd(deviceId, _ => new TaskCompletionSource<AttributedReading>(TaskCreationOptions.RunContinuationsAsynchronously));
}
