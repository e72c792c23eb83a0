namespace Monitoring.FirmwareSim.Scenarios;

/// <summary>An antipyretic dose, repeated <see cref="Count"/> times every <see cref="Every"/> of story time.</summary>
public sealed record AntipyreticEvent(TimeSpan At, string Path, TimeSpan Every, int Count, double MaxDrop) : ScenarioEvent(At, Path);
