namespace Monitoring.FirmwareSim.Scenarios;

/// <summary>A baseline (<c>spo2</c>, <c>pr</c> or <c>rr</c>) moves linearly to <see cref="To"/> over <see cref="Over"/> of story time.</summary>
public sealed record TrendEvent(TimeSpan At, string Path, string Metric, double To, TimeSpan Over) : ScenarioEvent(At, Path);
