using System.Diagnostics.Metrics;

namespace Monitoring.Hub.Observability;

/// <summary>The clinical census of one count: every clinic with every tier and priority, zeros included.</summary>
public sealed record CensusSnapshot(IReadOnlyList<Measurement<long>> Monitored, IReadOnlyList<Measurement<long>> OpenAlarms)
{
    public static CensusSnapshot Empty { get; } = new([], []);
}
