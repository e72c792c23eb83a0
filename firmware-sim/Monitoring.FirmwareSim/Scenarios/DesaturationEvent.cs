namespace Monitoring.FirmwareSim.Scenarios;

/// <summary>A desaturation to <see cref="Nadir"/>; <see cref="Duration"/> is real time (the hub's SpO2 rule counts real seconds).</summary>
public sealed record DesaturationEvent(TimeSpan At, string Path, double Nadir, TimeSpan Duration) : ScenarioEvent(At, Path);
