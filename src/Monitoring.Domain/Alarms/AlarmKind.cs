using System.Text.Json.Serialization;

namespace Monitoring.Domain.Alarms;

/// <summary>
/// The alarm kinds of the contract (<c>kind</c> of an alarm); the JSON names are the contract's.
/// Priorities and sources are in <see cref="AlarmCatalog"/>.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlarmKind>))]
public enum AlarmKind
{
    [JsonStringEnumMemberName("spo2_low")]
    Spo2Low,

    [JsonStringEnumMemberName("fever")]
    Fever,

    [JsonStringEnumMemberName("fever_persistent")]
    FeverPersistent,

    [JsonStringEnumMemberName("symptom_reported")]
    SymptomReported,

    [JsonStringEnumMemberName("device_silent")]
    DeviceSilent,

    [JsonStringEnumMemberName("battery_low")]
    BatteryLow,

    [JsonStringEnumMemberName("temperature_check_missed")]
    TemperatureCheckMissed,

    [JsonStringEnumMemberName("followup_overdue")]
    FollowupOverdue,

    [JsonStringEnumMemberName("contact_cadence_missed")]
    ContactCadenceMissed,
}
