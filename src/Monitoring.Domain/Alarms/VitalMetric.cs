using System.Text.Json.Serialization;

namespace Monitoring.Domain.Alarms;

/// <summary>
/// The telemetry metrics of the contract, by their SenML names. The domain cannot reference
/// Monitoring.Contracts (which references the domain), so ingestion maps its names to these.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<VitalMetric>))]
public enum VitalMetric
{
    [JsonStringEnumMemberName("spo2")]
    Spo2,

    [JsonStringEnumMemberName("pr")]
    PulseRate,

    [JsonStringEnumMemberName("temp")]
    Temperature,

    [JsonStringEnumMemberName("rr")]
    RespiratoryRate,

    [JsonStringEnumMemberName("pi")]
    PerfusionIndex,

    [JsonStringEnumMemberName("bat")]
    Battery,
}
