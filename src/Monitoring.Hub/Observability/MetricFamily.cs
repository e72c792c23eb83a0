namespace Monitoring.Hub.Observability;

/// <summary>One instrument at one moment: its identity and every series (tag set) it has recorded.</summary>
public sealed record MetricFamily(
    string MeterName,
    string InstrumentName,
    string? Unit,
    string? Description,
    MetricType Type,
    IReadOnlyList<MetricPoint> Points);
