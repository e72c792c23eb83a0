using Monitoring.Domain.Thresholds;

namespace Monitoring.Domain.Alarms;

/// <summary>
/// <c>fever</c>: body temperature strictly above <see cref="AlarmThresholds.FeverAbove"/> (38.5 does
/// not alarm, 38.6 does). 003_b7fae3b13c0d2460.txt, 新冠病毒感染者居家治疗指南 三(二)2(2): "高于38.5℃".
/// </summary>
/// <remarks>
/// A reading older than the newest temperature reading cannot clear the present condition; a
/// fever in it (a backlog upload) is raised and cleared at once when the newest reading was
/// normal, or updates the open alarm when it was not.
/// </remarks>
internal static class FeverRule
{
    public static FeverRuleState Apply(
        FeverRuleState state, VitalReading reading, AlarmThresholds thresholds, bool late, List<AlarmDecision> decisions)
    {
        var fever = reading.Value > thresholds.FeverAbove;
        if (state.LastAt is not { } lastAt || reading.At >= lastAt)
        {
            if (fever)
            {
                decisions.Add(state.Alarming ? UpdateFor(reading, thresholds, late) : RaiseFor(reading, thresholds, late));
            }
            else if (state.Alarming)
            {
                decisions.Add(new ConditionCleared(AlarmKind.Fever, reading.At));
            }

            return new FeverRuleState { LastAt = reading.At, Alarming = fever };
        }

        if (!fever)
        {
            return state;
        }

        if (state.Alarming)
        {
            decisions.Add(UpdateFor(reading, thresholds, late));
        }
        else
        {
            decisions.Add(RaiseFor(reading, thresholds, late));
            decisions.Add(new ConditionCleared(AlarmKind.Fever, lastAt));
        }

        return state;
    }

    private static Raise RaiseFor(VitalReading reading, AlarmThresholds thresholds, bool late) =>
        new(AlarmKind.Fever, AlarmCatalog.PriorityOf(AlarmKind.Fever), reading.Value, thresholds.FeverAbove, null, reading.At, late);

    private static Update UpdateFor(VitalReading reading, AlarmThresholds thresholds, bool late) =>
        new(AlarmKind.Fever, reading.Value, thresholds.FeverAbove, null, reading.At, late);
}
