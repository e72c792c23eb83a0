using System.Text.Json.Serialization;

namespace Monitoring.Domain.Alarms;

/// <summary>Alarm priority (contract: <c>high</c> / <c>medium</c> / <c>low</c>), ordered by urgency.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlarmPriority>))]
public enum AlarmPriority
{
    [JsonStringEnumMemberName("low")]
    Low = 0,

    [JsonStringEnumMemberName("medium")]
    Medium = 1,

    [JsonStringEnumMemberName("high")]
    High = 2,
}
