using Monitoring.Contracts.Topics;
using Monitoring.FirmwareSim.Devices;
using Monitoring.FirmwareSim.Timing;

namespace Monitoring.FirmwareSim.Tests.Support;

/// <summary>Records what a device would send, in order.</summary>
internal sealed class RecordingDeviceLink(string deviceId) : IDeviceLink
{
    public string DeviceId { get; } = deviceId;

    public bool IsConnected { get; private set; }

    public List<SentMessage> Sent { get; } = [];

    public Task ConnectAsync(SimInstant at, CancellationToken cancellationToken)
    {
        IsConnected = true;
        Sent.Add(new SentMessage(DeviceTopicKind.Status, "online"u8.ToArray(), at));
        return Task.CompletedTask;
    }

    public Task PublishAsync(DeviceTopicKind kind, ReadOnlyMemory<byte> payload, SimInstant at, CancellationToken cancellationToken)
    {
        Assert.True(IsConnected, $"{DeviceId} published while disconnected");
        Sent.Add(new SentMessage(kind, payload.ToArray(), at));
        return Task.CompletedTask;
    }

    public Task DisconnectAsync(SimInstant at, CancellationToken cancellationToken)
    {
        if (IsConnected)
        {
            IsConnected = false;
            Sent.Add(new SentMessage(DeviceTopicKind.Status, "offline"u8.ToArray(), at));
        }

        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
