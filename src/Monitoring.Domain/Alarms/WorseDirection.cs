using System.Text.Json.Serialization;

namespace Monitoring.Domain.Alarms;

/// <summary>Which way an alarm's value gets worse, for the open alarm's worst value.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WorseDirection>))]
public enum WorseDirection
{
    /// <summary>The alarm has no value (reports, reminders).</summary>
    [JsonStringEnumMemberName("none")]
    None,

    /// <summary>Lower is worse: SpO2, battery.</summary>
    [JsonStringEnumMemberName("lower")]
    Lower,

    /// <summary>Higher is worse: temperature.</summary>
    [JsonStringEnumMemberName("higher")]
    Higher,
}
