using System.Globalization;
using System.Text;
using Monitoring.Contracts.Topics;
using Monitoring.FirmwareSim.Timing;

namespace Monitoring.FirmwareSim.Devices;

/// <summary>
/// Prints what a device would publish, one line per message: the real (wire) time, the story
/// time since the start, the topic and the payload.
/// </summary>
public sealed class DryRunDeviceLink(string deviceId, TextWriter output, TimeMapping mapping) : IDeviceLink
{
    public string DeviceId { get; } = deviceId;

    public bool IsConnected { get; private set; }

    public Task ConnectAsync(SimInstant at, CancellationToken cancellationToken)
    {
        IsConnected = true;
        Write(at, DeviceTopics.Status(DeviceId), "online (retained)");
        return Task.CompletedTask;
    }

    public Task PublishAsync(DeviceTopicKind kind, ReadOnlyMemory<byte> payload, SimInstant at, CancellationToken cancellationToken)
    {
        Write(at, DeviceTopics.Build(DeviceId, kind), Encoding.UTF8.GetString(payload.Span));
        return Task.CompletedTask;
    }

    public Task DisconnectAsync(SimInstant at, CancellationToken cancellationToken)
    {
        if (IsConnected)
        {
            IsConnected = false;
            Write(at, DeviceTopics.Status(DeviceId), "offline (retained)");
        }

        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private void Write(SimInstant at, string topic, string payload) =>
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{at.Wall.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}  story +{DurationText.Format(mapping.StoryElapsed(at)),-12}  {topic}  {payload}"));
}
