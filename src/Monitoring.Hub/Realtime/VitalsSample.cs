using System.Text.Json.Serialization;

namespace Monitoring.Hub.Realtime;

/// <summary>
/// The <c>vitals</c> event (contract): a patient's newest values, each metric present only when it
/// has a value; <see cref="T"/> is the newest reading's own time. <c>pi</c> is an extension.
/// </summary>
public sealed record VitalsSample(Guid PatientId, DateTimeOffset T)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Spo2 { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Pr { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Temp { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Rr { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Bat { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Pi { get; init; }

    /// <summary>A sample from the realtime view's six metric slots, in their order: spo2, pr, temp, rr, bat, pi.</summary>
    internal static VitalsSample FromSlots(Guid patientId, DateTimeOffset t, ReadOnlySpan<double?> slots) => new(patientId, t)
    {
        Spo2 = slots[0],
        Pr = slots[1],
        Temp = slots[2],
        Rr = slots[3],
        Bat = slots[4],
        Pi = slots[5],
    };
}
