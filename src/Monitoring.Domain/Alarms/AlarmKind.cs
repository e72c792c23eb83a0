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

    /// <summary>An extension of the contract's list: the second booster is due (000).</summary>
    [JsonStringEnumMemberName("booster_due")]
    BoosterDue,

    /// <summary>An extension of the contract's list: home treatment may end (003 居家治疗指南 四).</summary>
    [JsonStringEnumMemberName("end_criteria_met")]
    EndCriteriaMet,

    /// <summary>
    /// For administrators, no patient: the broker dropped, or InfluxDB refused, readings the hub had
    /// been given (an operator alarm, stored apart from patients' alarms; issue 15).
    /// </summary>
    [JsonStringEnumMemberName("ingest_data_lost")]
    IngestDataLost,

    /// <summary>A referral sat too long in one state (003 二(二)2(1) "转诊有人管"; issue 18).</summary>
    [JsonStringEnumMemberName("referral_stalled")]
    ReferralStalled,
}
