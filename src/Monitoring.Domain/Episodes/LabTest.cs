namespace Monitoring.Domain.Episodes;

/// <summary>One test as the end criteria need it: what, when the sample was taken, the result, and (PCR) the Ct value.</summary>
public sealed record LabTest(LabTestKind Kind, DateTimeOffset TakenAt, LabTestResult Result, decimal? Ct = null);
