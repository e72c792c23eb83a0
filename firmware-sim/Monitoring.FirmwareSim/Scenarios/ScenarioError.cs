namespace Monitoring.FirmwareSim.Scenarios;

/// <summary>One problem in a scenario file, at a JSON path such as <c>$.events[2].nadir</c>.</summary>
public sealed record ScenarioError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
