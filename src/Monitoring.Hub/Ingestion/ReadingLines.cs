using Monitoring.Contracts.Senml;
using Monitoring.Contracts.Topics;
using Monitoring.Hub.Influx;

namespace Monitoring.Hub.Ingestion;

/// <summary>
/// How a message's readings land in InfluxDB (contract, "InfluxDB"): measurement <c>vitals</c>
/// (events: <c>events</c>), tags clinic, device, patient, one field named after each metric, the
/// reading's own time. The same reading written twice is the same point.
/// </summary>
/// <remarks>
/// Consecutive readings of one series (measurement, device, patient) at the same time, to the
/// millisecond of the write precision, share one line with a field each (SpO2 and pulse of one
/// oximeter sample: <c>vitals,clinic=…,device=…,patient=… spo2=97,pr=72 1700000000000</c>).
/// InfluxDB stores exactly what the two one-field lines would give, the same point with both
/// fields, but parses the tags once: its CPU per reading is what the benchmark found limiting
/// (issue 9). A metric that comes again at the same time starts a new line, so the later value
/// wins as it would line by line.
/// </remarks>
public sealed class ReadingLines(LineProtocolWriter lines)
{
    private readonly List<string> _fields = new(8);
    private AttributedReading? _open;
    private AssignmentPeriod? _openAssignment;
    private long _openMilliseconds;

    public void Add(AttributedReading reading, AssignmentPeriod assignment)
    {
        ArgumentNullException.ThrowIfNull(reading);
        ArgumentNullException.ThrowIfNull(assignment);
        var milliseconds = reading.Time.ToUnixTimeMilliseconds();
        if (_open is null || !SameSeries(_open, _openAssignment!, reading, assignment) || milliseconds != _openMilliseconds
            || _fields.Contains(reading.Name, StringComparer.Ordinal))
        {
            End();
            lines.Measurement(reading.Kind == DeviceTopicKind.Telemetry ? InfluxSchema.VitalsMeasurement : InfluxSchema.EventsMeasurement)
                .Tag(InfluxSchema.ClinicTag, assignment.ClinicTag)
                .Tag(InfluxSchema.DeviceTag, reading.DeviceId)
                .Tag(InfluxSchema.PatientTag, assignment.PatientTag);
            (_open, _openAssignment, _openMilliseconds) = (reading, assignment, milliseconds);
        }

        _fields.Add(reading.Name);
        _ = reading.ValueKind switch
        {
            SenmlValueKind.String => lines.Field(reading.Name, reading.Text ?? ""),
            SenmlValueKind.Boolean => lines.Field(reading.Name, reading.Flag),
            _ => lines.Field(reading.Name, reading.Value),
        };
    }

    /// <summary>Ends the open line, if any (call once after the message's last reading).</summary>
    public void End()
    {
        if (_open is not null)
        {
            lines.EndLine(_open.Time);
            (_open, _openAssignment) = (null, null);
            _fields.Clear();
        }
    }

    private static bool SameSeries(AttributedReading open, AssignmentPeriod openAssignment, AttributedReading reading, AssignmentPeriod assignment) =>
        open.Kind == reading.Kind
        && string.Equals(open.DeviceId, reading.DeviceId, StringComparison.Ordinal)
        && string.Equals(openAssignment.PatientTag, assignment.PatientTag, StringComparison.Ordinal)
        && string.Equals(openAssignment.ClinicTag, assignment.ClinicTag, StringComparison.Ordinal);
}
