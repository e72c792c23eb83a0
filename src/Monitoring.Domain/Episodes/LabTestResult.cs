namespace Monitoring.Domain.Episodes;

/// <summary>The reported result of an antigen or nucleic-acid test (阳性 / 阴性).</summary>
public enum LabTestResult
{
    Positive,
    Negative,
}
