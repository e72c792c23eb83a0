using Monitoring.Domain.Thresholds;

namespace Monitoring.Contracts.Metrics;

/// <summary>One telemetry metric: its SenML name, the one unit it must carry, and its physically plausible range.</summary>
public sealed record MetricDefinition(string Name, string Unit, string Meaning, PlausibleRange Plausible);
