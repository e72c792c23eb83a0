namespace Monitoring.FirmwareSim.Scenarios;

/// <summary>A fever course (story time): rise, plateau around <see cref="Peak"/>, fall.</summary>
public sealed record FeverEvent(TimeSpan At, string Path, double Peak, TimeSpan Rise, TimeSpan Plateau, TimeSpan Fall) : ScenarioEvent(At, Path);
