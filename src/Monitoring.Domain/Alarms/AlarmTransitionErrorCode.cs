using System.Text.Json.Serialization;

namespace Monitoring.Domain.Alarms;

/// <summary>Why a clinician's acknowledge or resolve was refused.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlarmTransitionErrorCode>))]
public enum AlarmTransitionErrorCode
{
    [JsonStringEnumMemberName("user_required")]
    UserRequired,

    /// <summary>The contract requires a note to resolve a high-priority alarm.</summary>
    [JsonStringEnumMemberName("note_required")]
    NoteRequired,

    [JsonStringEnumMemberName("already_acknowledged")]
    AlreadyAcknowledged,

    [JsonStringEnumMemberName("already_resolved")]
    AlreadyResolved,
}
