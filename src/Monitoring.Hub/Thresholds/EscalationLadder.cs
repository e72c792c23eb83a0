using Monitoring.Domain.Alarms;

namespace Monitoring.Hub.Thresholds;

/// <summary>
/// Body and answer of <c>/api/clinics/{id}/escalation</c>: the steps of the clinic's escalation
/// ladder (<c>[{afterMinutes, notifyLevel}]</c>); null or empty restores the default, one step to
/// <c>supervisor</c> after <c>EscalateAfterMinutes</c>.
/// </summary>
public sealed record EscalationLadder(IReadOnlyList<EscalationStep>? Steps)
{
    /// <summary>In the answer: the ladder in force, and whether the clinic set it.</summary>
    public bool Custom { get; init; }
}
