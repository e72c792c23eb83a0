namespace Monitoring.Domain.Alarms;

/// <summary>
/// Identifies a reading for redelivery detection: same device, same stream (metric, or symptom),
/// same own time and same value is the same reading.
/// </summary>
/// <param name="DeviceId">The device.</param>
/// <param name="Stream">The metric's contract name (<c>spo2</c>, <c>temp</c>, <c>bat</c>) or <c>symptom:{name}</c>.</param>
/// <param name="At">The reading's own time.</param>
/// <param name="Value">The value (0 for symptoms).</param>
public sealed record ReadingKey(string DeviceId, string Stream, DateTimeOffset At, double Value)
{
    public static ReadingKey Of(VitalReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        return new ReadingKey(reading.DeviceId, AlarmWireNames.Of(reading.Metric), reading.At, reading.Value);
    }

    public static ReadingKey Of(SymptomReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new ReadingKey(report.DeviceId, "symptom:" + AlarmWireNames.Of(report.Symptom), report.At, 0);
    }
}
