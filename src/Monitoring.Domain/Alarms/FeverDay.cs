using System.Text.Json.Serialization;

namespace Monitoring.Domain.Alarms;

/// <summary>
/// The temperature readings of one calendar day in the clinic's time zone. A day that is absent
/// had no temperature reading at all. "Fever" is judged with the threshold in force when each
/// reading was evaluated; a later threshold change applies to later readings.
/// </summary>
/// <param name="Date">The local date.</param>
/// <param name="MaxCelsius">The highest reading of the day.</param>
/// <param name="FirstFeverAt">The own time of the day's first reading above the fever threshold; null when none was.</param>
/// <param name="LastFeverAt">The own time of the day's last reading above the fever threshold; null when none was.</param>
public sealed record FeverDay(DateOnly Date, double MaxCelsius, DateTimeOffset? FirstFeverAt, DateTimeOffset? LastFeverAt)
{
    [JsonIgnore]
    public bool HasFever => FirstFeverAt is not null;
}
