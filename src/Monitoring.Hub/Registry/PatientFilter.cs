using Monitoring.Domain.Risk;

namespace Monitoring.Hub.Registry;

/// <summary>The optional filters of <c>GET /api/patients</c>; null means "any". <see cref="TeamId"/>: the grid team (包保小分队) looking after them.</summary>
public sealed record PatientFilter(Guid? ClinicId, RiskTier? Tier, bool? UrgentNeed, bool? Monitored, Guid? TeamId = null);
