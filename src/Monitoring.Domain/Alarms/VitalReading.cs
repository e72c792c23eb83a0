namespace Monitoring.Domain.Alarms;

/// <summary>One telemetry reading as the rules see it: already parsed and checked by ingestion.</summary>
/// <param name="DeviceId">The device that took it.</param>
/// <param name="Metric">What was measured.</param>
/// <param name="Value">The value in the contract's unit (%, °C, %EL...).</param>
/// <param name="At">The reading's own time (SenML <c>bt</c> + <c>t</c>), not its arrival time.</param>
public sealed record VitalReading(string DeviceId, VitalMetric Metric, double Value, DateTimeOffset At);
