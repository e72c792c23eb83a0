namespace Monitoring.FirmwareSim.Scenarios;

public sealed record ScenarioClinic(string Name, string TimeZone);
