using System.Text;
using Monitoring.Contracts.Topics;
using Monitoring.FirmwareSim.Timing;

namespace Monitoring.FirmwareSim.Tests.Support;

internal sealed record SentMessage(DeviceTopicKind Kind, byte[] Payload, SimInstant At)
{
    public string Text => Encoding.UTF8.GetString(Payload);
}
