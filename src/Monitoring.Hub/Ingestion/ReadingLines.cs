using Monitoring.Contracts.Senml;
using Monitoring.Contracts.Topics;
using Monitoring.Hub.Influx;

namespace Monitoring.Hub.Ingestion;

/// <summary>
/// How a reading lands in InfluxDB (contract, "InfluxDB"): measurement <c>vitals</c> (events:
/// <c>events</c>), tags clinic, device, patient, one field named after the metric, the reading's
/// own time. The same reading written twice is the same point.
/// </summary>
public static class ReadingLines
{
    public static void Append(LineProtocolWriter lines, AttributedReading reading, AssignmentPeriod assignment)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(reading);
        ArgumentNullException.ThrowIfNull(assignment);
        lines.Measurement(reading.Kind == DeviceTopicKind.Telemetry ? InfluxSchema.VitalsMeasurement : InfluxSchema.EventsMeasurement)
            .Tag(InfluxSchema.ClinicTag, assignment.ClinicId)
            .Tag(InfluxSchema.DeviceTag, reading.DeviceId)
            .Tag(InfluxSchema.PatientTag, assignment.PatientId);
        _ = reading.ValueKind switch
        {
            SenmlValueKind.String => lines.Field(reading.Name, reading.Text ?? ""),
            SenmlValueKind.Boolean => lines.Field(reading.Name, reading.Flag),
            _ => lines.Field(reading.Name, reading.Value),
        };
        lines.EndLine(reading.Time);
    }
}
