using System.Text.Json.Serialization;

namespace Monitoring.Domain.Alarms;

/// <summary>A fever episode (clinical-rules §2): from its first reading above the threshold to its last so far.</summary>
/// <param name="Start">The own time of the episode's first fever reading.</param>
/// <param name="LastFeverAt">The own time of its latest fever reading.</param>
public sealed record FeverEpisode(DateTimeOffset Start, DateTimeOffset LastFeverAt)
{
    [JsonIgnore]
    public TimeSpan Duration => LastFeverAt - Start;
}
