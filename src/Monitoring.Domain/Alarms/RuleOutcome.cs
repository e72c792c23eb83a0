namespace Monitoring.Domain.Alarms;

/// <summary>What one evaluation gives back: the patient's new rule state (to store) and the decisions, in order.</summary>
public sealed record RuleOutcome(PatientRuleState State, IReadOnlyList<AlarmDecision> Decisions);
