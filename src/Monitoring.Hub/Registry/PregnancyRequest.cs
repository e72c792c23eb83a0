using Monitoring.Domain.Populations;

namespace Monitoring.Hub.Registry;

/// <summary>Five-colour pregnancy risk and gestational week; required with <c>pregnant</c>, risk only with <c>postpartum</c>.</summary>
public sealed record PregnancyRequest(PregnancyRisk? Risk, int? GestationalWeek);
