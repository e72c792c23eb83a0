using Monitoring.Domain.Risk;

namespace Monitoring.Hub.Registry;

/// <summary>The optional filters of <c>GET /api/patients</c>; null means "any".</summary>
public sealed record PatientFilter(Guid? ClinicId, RiskTier? Tier, bool? UrgentNeed, bool? Monitored);
