using Monitoring.Contracts.Events;
using Monitoring.Contracts.Metrics;
using Monitoring.Contracts.Senml;
using Monitoring.Contracts.Topics;
using Monitoring.Domain.Thresholds;

namespace Monitoring.Hub.Ingestion;

/// <summary>
/// Which readings go to the alarm engine ahead of the bulk backlog (clinical-rules §2): a value past
/// the default alarm threshold (SpO2 strictly below 93 %, seed 001 §2(二)(1); temperature strictly
/// above 38.5 °C, seed 003 三(二)2(2)) or a reported symptom or warning sign (dyspnea, seed 001
/// §2(二)(1), and the others of §2), all of them high or medium priority.
/// </summary>
/// <remarks>
/// A scheduling hint, not a clinical decision: the grain still applies the patient's own
/// thresholds and rules to every reading. The defaults are used because a clinic or patient override
/// lives in the engine; a reading urgent only under a stricter override waits with the bulk (at most
/// the hub's backlog), as every reading did before.
/// </remarks>
internal static class UrgentReadings
{
    public static bool IsUrgent(AttributedReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        return reading.Kind switch
        {
            DeviceTopicKind.Telemetry when reading.ValueKind == SenmlValueKind.Number => reading.Name switch
            {
                MetricNames.Spo2 => reading.Value < AlarmThresholds.Default.Spo2LowBelow,
                MetricNames.Temperature => reading.Value > AlarmThresholds.Default.FeverAbove,
                _ => false,
            },
            DeviceTopicKind.Events => reading.Name == EventNames.Symptom && Symptoms.IsKnown(reading.Text),
            _ => false,
        };
    }

    public static bool AnyUrgent(List<AttributedReading> readings)
    {
        foreach (var reading in readings)
        {
            if (IsUrgent(reading))
            {
                return true;
            }
        }

        return false;
    }
}
