using System.Text.Json.Serialization;

namespace Monitoring.Domain.Alarms;

/// <summary>Alarm state (contract: <c>active</c>, <c>acknowledged</c>, <c>resolved</c>; "open" is active or acknowledged).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlarmState>))]
public enum AlarmState
{
    [JsonStringEnumMemberName("active")]
    Active,

    [JsonStringEnumMemberName("acknowledged")]
    Acknowledged,

    [JsonStringEnumMemberName("resolved")]
    Resolved,
}
