using Monitoring.Domain.Episodes;

namespace Monitoring.Hub.Registry;

public sealed record RecordTestRequest(LabTestKind? Kind, DateTimeOffset? TakenAt, LabTestResult? Result, decimal? Ct);
