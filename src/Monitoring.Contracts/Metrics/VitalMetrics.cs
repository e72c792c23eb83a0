using System.Diagnostics.CodeAnalysis;
using Monitoring.Domain.Thresholds;

namespace Monitoring.Contracts.Metrics;

/// <summary>
/// The contract's telemetry names and units, with the plausibility limits of clinical-rules §2
/// (owned by <see cref="PlausibilityLimits"/>; not repeated here).
/// </summary>
public static class VitalMetrics
{
    public static MetricDefinition Spo2 { get; } =
        new(MetricNames.Spo2, SenmlUnits.Percent, "oxygen saturation", PlausibilityLimits.Spo2Percent);

    public static MetricDefinition PulseRate { get; } =
        new(MetricNames.PulseRate, SenmlUnits.BeatsPerMinute, "pulse rate", PlausibilityLimits.PulsePerMinute);

    public static MetricDefinition Temperature { get; } =
        new(MetricNames.Temperature, SenmlUnits.Celsius, "body temperature", PlausibilityLimits.TemperatureCelsius);

    public static MetricDefinition RespiratoryRate { get; } =
        new(MetricNames.RespiratoryRate, SenmlUnits.PerMinute, "respiratory rate", PlausibilityLimits.RespiratoryRatePerMinute);

    public static MetricDefinition PerfusionIndex { get; } =
        new(MetricNames.PerfusionIndex, SenmlUnits.Percent, "perfusion index", PlausibilityLimits.PerfusionIndexPercent);

    public static MetricDefinition Battery { get; } =
        new(MetricNames.Battery, SenmlUnits.PercentRemainingBattery, "battery", PlausibilityLimits.BatteryPercent);

    public static IReadOnlyList<MetricDefinition> All { get; } =
        [Spo2, PulseRate, Temperature, RespiratoryRate, PerfusionIndex, Battery];

    public static bool TryGet(string? name, [NotNullWhen(true)] out MetricDefinition? metric)
    {
        // Ordinal switch: names are case-sensitive in SenML (RFC 8428 §4.5.1).
        metric = name switch
        {
            MetricNames.Spo2 => Spo2,
            MetricNames.PulseRate => PulseRate,
            MetricNames.Temperature => Temperature,
            MetricNames.RespiratoryRate => RespiratoryRate,
            MetricNames.PerfusionIndex => PerfusionIndex,
            MetricNames.Battery => Battery,
            _ => null,
        };
        return metric is not null;
    }

    public static bool IsMetric(string? name) => TryGet(name, out _);
}
