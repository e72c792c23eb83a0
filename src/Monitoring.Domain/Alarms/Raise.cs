namespace Monitoring.Domain.Alarms;

/// <summary>
/// A condition has started (or a report came in). With no open alarm of this kind the lifecycle
/// opens one; with one open, it counts as a repeat.
/// </summary>
/// <param name="Kind">The alarm kind.</param>
/// <param name="Priority">From <see cref="AlarmCatalog"/>.</param>
/// <param name="Value">The reading's value, when the alarm has one.</param>
/// <param name="Threshold">The threshold that was crossed, when there is one.</param>
/// <param name="Detail">What a nurse needs beyond value and threshold (symptom, device, episode start).</param>
/// <param name="ObservedAt">The reading's own time.</param>
/// <param name="Late">The reading arrived more than <c>LateAfterMinutes</c> after it was taken.</param>
public sealed record Raise(
    AlarmKind Kind,
    AlarmPriority Priority,
    double? Value,
    double? Threshold,
    string? Detail,
    DateTimeOffset ObservedAt,
    bool Late) : AlarmDecision(Kind);
