using System.Collections.Concurrent;
using Monitoring.FirmwareSim.Load;

namespace Monitoring.FirmwareSim.Tests.Load;

internal sealed class RecordingLoadPublisher(TimeProvider time) : ILoadPublisher
{
    public ConcurrentQueue<(string Topic, byte[] Payload, DateTimeOffset At)> Sent { get; } = new();

    public bool Connected { get; private set; }

    public Task ConnectAsync(CancellationToken cancellationToken)
    {
        Connected = true;
        return Task.CompletedTask;
    }

    public Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        Sent.Enqueue((topic, payload.ToArray(), time.GetUtcNow()));
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
