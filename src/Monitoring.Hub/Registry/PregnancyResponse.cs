using Monitoring.Domain.Populations;

namespace Monitoring.Hub.Registry;

/// <summary>The recorded pregnancy; <c>priority</c> when orange, red or purple, or 37 weeks and more (003 孕产妇 二).</summary>
public sealed record PregnancyResponse(PregnancyRisk Risk, int? GestationalWeek, bool Priority);
