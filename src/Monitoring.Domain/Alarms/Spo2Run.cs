namespace Monitoring.Domain.Alarms;

/// <summary>A run of consecutive SpO2 readings below the threshold.</summary>
/// <param name="StartedAt">The own time of the run's first reading.</param>
/// <param name="Count">How many readings the run has.</param>
public sealed record Spo2Run(DateTimeOffset StartedAt, int Count);
