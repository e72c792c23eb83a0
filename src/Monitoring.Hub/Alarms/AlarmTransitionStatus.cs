namespace Monitoring.Hub.Alarms;

/// <summary>How a clinician's acknowledge or resolve ended.</summary>
public enum AlarmTransitionStatus
{
    Done,

    /// <summary>Absent, or another clinic's (deliberately the same answer).</summary>
    NotFound,

    /// <summary>Refused by the lifecycle (already acknowledged or resolved, note missing): <see cref="AlarmTransition.Error"/> says why.</summary>
    Refused,
}
