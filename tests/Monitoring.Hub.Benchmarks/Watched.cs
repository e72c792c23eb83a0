namespace Monitoring.Hub.Benchmarks;

/// <summary>
/// A process whose CPU a step reports, under a name; processes of one name are summed (the hubs of a
/// two-hub run are one "hub"). With <paramref name="Children"/> its direct children count too (PostgreSQL's backends).
/// </summary>
public sealed record Watched(string Name, int Pid, bool Children = false);
