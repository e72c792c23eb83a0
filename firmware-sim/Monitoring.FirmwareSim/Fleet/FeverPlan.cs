namespace Monitoring.FirmwareSim.Fleet;

/// <summary>A fever course relative to the start of the run (a negative onset: febrile already at the start).</summary>
public sealed record FeverPlan(TimeSpan Onset, double Peak, TimeSpan Rise, TimeSpan Plateau, TimeSpan Fall);
