namespace Monitoring.FirmwareSim.Scenarios;

/// <summary>Something that happens <see cref="At"/> story time after the start. <see cref="Path"/> locates it in the file.</summary>
public abstract record ScenarioEvent(TimeSpan At, string Path);
