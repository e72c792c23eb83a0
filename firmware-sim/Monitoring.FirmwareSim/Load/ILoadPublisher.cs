namespace Monitoring.FirmwareSim.Load;

/// <summary>One load connection to the broker; it may publish on any device's topic.</summary>
public interface ILoadPublisher : IAsyncDisposable
{
    Task ConnectAsync(CancellationToken cancellationToken);

    /// <summary>Completes when the broker acknowledged the message (QoS 1).</summary>
    Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);
}
