using System.Diagnostics;
using System.Text.Json.Serialization;
using Monitoring.Contracts.Senml;
using Monitoring.Contracts.Topics;

namespace Monitoring.Hub.Ingestion;

/// <summary>
/// A valid reading attributed to the patient its device was assigned to at the reading's time.
/// <see cref="Kind"/> says whether it is a vital sign (number in <see cref="Value"/>) or an event
/// (symptom in <see cref="Text"/>, antigen result in <see cref="Flag"/>). <see cref="ReceivedAt"/>
/// is when the hub received the message: with <see cref="Time"/> it tells a late reading (a
/// device's backlog) from a live one. <see cref="Trace"/> is its message's span, when traced, so
/// the later stages (InfluxDB write, alarm engine, dashboard push) join the message's trace.
/// </summary>
public sealed record AttributedReading(
    string DeviceId,
    Guid PatientId,
    Guid ClinicId,
    DeviceTopicKind Kind,
    string Name,
    SenmlValueKind ValueKind,
    double Value,
    string? Text,
    bool Flag,
    DateTimeOffset Time,
    DateTimeOffset ReceivedAt)
{
    /// <summary>Not sent to another hub (the cluster's feed): a trace stays within the hub that received the message.</summary>
    [JsonIgnore]
    public ActivityContext Trace { get; init; }
}
