namespace Monitoring.FirmwareSim.Scenarios;

/// <summary>The finger moves: low perfusion index and a spurious SpO2 dip for <see cref="Duration"/> of real time.</summary>
public sealed record MotionArtefactEvent(TimeSpan At, string Path, TimeSpan Duration) : ScenarioEvent(At, Path);
