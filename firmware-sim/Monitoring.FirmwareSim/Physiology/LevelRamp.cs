namespace Monitoring.FirmwareSim.Physiology;

/// <summary>From <see cref="Start"/> the level moves linearly from wherever it was to <see cref="Target"/> over <see cref="Over"/>, then stays.</summary>
public sealed record LevelRamp(DateTimeOffset Start, TimeSpan Over, double Target);
