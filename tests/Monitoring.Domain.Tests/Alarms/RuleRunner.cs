using Monitoring.Domain.Alarms;
using Monitoring.Domain.Thresholds;

namespace Monitoring.Domain.Tests.Alarms;

/// <summary>Threads one patient's rule state through successive evaluations, like the alarm service does.</summary>
internal sealed class RuleRunner
{
    public RuleRunner(AlarmThresholds? thresholds = null)
    {
        Thresholds = thresholds ?? AlarmThresholds.Default;
    }

    public AlarmThresholds Thresholds { get; }

    public PatientRuleState State { get; private set; } = PatientRuleState.Empty;

    public List<AlarmDecision> All { get; } = [];

    /// <summary>Evaluates one reading that arrives at <paramref name="arrivedAt"/> (default: when taken).</summary>
    public IReadOnlyList<AlarmDecision> Feed(VitalReading reading, DateTimeOffset? arrivedAt = null) =>
        Keep(PatientAlarmRules.Evaluate(State, reading, Thresholds, AlarmTestData.Shanghai, arrivedAt ?? reading.At));

    public IReadOnlyList<AlarmDecision> FeedPack(IReadOnlyList<VitalReading> pack, DateTimeOffset arrivedAt) =>
        Keep(PatientAlarmRules.Evaluate(State, pack, Thresholds, AlarmTestData.Shanghai, arrivedAt));

    public IReadOnlyList<AlarmDecision> Report(SymptomReport report, DateTimeOffset? arrivedAt = null) =>
        Keep(PatientAlarmRules.Evaluate(State, report, Thresholds, arrivedAt ?? report.At));

    public IReadOnlyList<AlarmDecision> Of(AlarmKind kind) => [.. All.Where(decision => decision.Kind == kind)];

    private IReadOnlyList<AlarmDecision> Keep(RuleOutcome outcome)
    {
        State = outcome.State;
        All.AddRange(outcome.Decisions);
        return outcome.Decisions;
    }
}
