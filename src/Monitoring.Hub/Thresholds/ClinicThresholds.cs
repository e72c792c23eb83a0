using Monitoring.Domain.Alarms;
using Monitoring.Domain.Thresholds;

namespace Monitoring.Hub.Thresholds;

/// <summary>A clinic's stored settings: threshold overrides and its escalation ladder (null = the one-step default).</summary>
public sealed record ClinicThresholds(ThresholdOverrides? Overrides, IReadOnlyList<EscalationStep>? Escalation)
{
    public static ClinicThresholds None { get; } = new(null, null);
}
