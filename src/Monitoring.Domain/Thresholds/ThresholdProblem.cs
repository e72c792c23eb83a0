namespace Monitoring.Domain.Thresholds;

/// <summary>One reason a set of thresholds is unusable, named by the property it concerns.</summary>
public sealed record ThresholdProblem(string Property, string Message)
{
    public override string ToString() => $"{Property}: {Message}";
}
