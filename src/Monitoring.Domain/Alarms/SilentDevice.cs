using System.Text.Json.Serialization;

namespace Monitoring.Domain.Alarms;

/// <summary>A device <see cref="SilenceWatch"/> found silent.</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="LastHeardAt">When it was last heard.</param>
/// <param name="SilentAt">When it became silent: <paramref name="LastHeardAt"/> plus its silence limit.</param>
public sealed record SilentDevice(string DeviceId, DateTimeOffset LastHeardAt, DateTimeOffset SilentAt)
{
    [JsonIgnore]
    public TimeSpan SilentAfter => SilentAt - LastHeardAt;
}
