namespace Monitoring.FirmwareSim.Scenarios;

/// <summary>A scenario file that cannot be played; <see cref="Errors"/> lists every problem found, each with its JSON path.</summary>
public sealed class ScenarioException : Exception
{
    public ScenarioException()
        : this("The scenario is not valid.", [])
    {
    }

    public ScenarioException(string message)
        : this(message, [])
    {
    }

    public ScenarioException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    public ScenarioException(string message, IReadOnlyList<ScenarioError> errors)
        : base(errors.Count == 0 ? message : message + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e)))
    {
        Errors = errors;
    }

    public IReadOnlyList<ScenarioError> Errors { get; }
}
