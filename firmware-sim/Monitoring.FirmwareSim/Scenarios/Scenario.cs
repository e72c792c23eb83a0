namespace Monitoring.FirmwareSim.Scenarios;

/// <summary>
/// A clinical story over compressed time: one patient, their devices and what happens when. Story
/// time runs <see cref="TimeScale"/> times faster than real time (see <see cref="Timing.SimInstant"/>).
/// </summary>
public sealed record Scenario(
    string Name,
    string? Description,
    double TimeScale,
    TimeSpan Duration,
    int Seed,
    ScenarioClinic Clinic,
    ScenarioPatient Patient,
    IReadOnlyList<ScenarioDevice> Devices,
    IReadOnlyList<ScenarioEvent> Events);
