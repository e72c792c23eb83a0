namespace Monitoring.Domain.Thresholds;

/// <summary>Thrown by <see cref="AlarmThresholds.Resolve"/> when the effective thresholds are invalid.</summary>
public sealed class ThresholdValidationException : Exception
{
    public ThresholdValidationException(IReadOnlyList<ThresholdProblem> problems)
        : base(FormatMessage(problems))
    {
        Problems = problems;
    }

    public IReadOnlyList<ThresholdProblem> Problems { get; }

    private static string FormatMessage(IReadOnlyList<ThresholdProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return "Alarm thresholds are invalid: " + string.Join("; ", problems);
    }
}
