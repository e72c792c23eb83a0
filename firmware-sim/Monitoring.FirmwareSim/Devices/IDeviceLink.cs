using Monitoring.Contracts.Topics;
using Monitoring.FirmwareSim.Timing;

namespace Monitoring.FirmwareSim.Devices;

/// <summary>A device's connection to the broker: MQTT with its own credentials, or a dry run that prints.</summary>
public interface IDeviceLink : IAsyncDisposable
{
    string DeviceId { get; }

    bool IsConnected { get; }

    /// <summary>Connects and publishes the retained status <c>online</c>.</summary>
    Task ConnectAsync(SimInstant at, CancellationToken cancellationToken);

    /// <summary>Publishes on <c>rpm/v1/devices/{id}/{kind}</c> with QoS 1.</summary>
    Task PublishAsync(DeviceTopicKind kind, ReadOnlyMemory<byte> payload, SimInstant at, CancellationToken cancellationToken);

    /// <summary>Publishes the retained status <c>offline</c> and disconnects.</summary>
    Task DisconnectAsync(SimInstant at, CancellationToken cancellationToken);
}
