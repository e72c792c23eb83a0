namespace Monitoring.Domain.Alarms;

/// <summary>A <c>symptom</c> event from a device button or the app (contract, MQTT events).</summary>
/// <param name="DeviceId">The device (or app installation) that sent it.</param>
/// <param name="Symptom">What was reported.</param>
/// <param name="At">The event's own time, not its arrival time.</param>
public sealed record SymptomReport(string DeviceId, ReportedSymptom Symptom, DateTimeOffset At);
