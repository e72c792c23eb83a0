using Monitoring.Domain.Episodes;

namespace Monitoring.Hub.Registry;

public sealed record TestResultResponse(
    Guid Id,
    Guid PatientId,
    LabTestKind Kind,
    DateTimeOffset TakenAt,
    LabTestResult Result,
    decimal? Ct,
    DateTimeOffset RecordedAt,
    Guid? RecordedBy)
{
    public LabTest ToLabTest() => new(Kind, TakenAt, Result, Ct);
}
