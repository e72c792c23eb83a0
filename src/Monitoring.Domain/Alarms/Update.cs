namespace Monitoring.Domain.Alarms;

/// <summary>
/// The condition persists: the open alarm takes the latest value, its worst value and count.
/// If no alarm is open (a clinician resolved it while the condition went on), the lifecycle opens
/// a new one: a patient who is still below the threshold must not drop off the wall.
/// </summary>
/// <param name="Kind">The alarm kind.</param>
/// <param name="Value">The reading's value, when the alarm has one.</param>
/// <param name="Threshold">The threshold crossed, as in <see cref="Raise"/>.</param>
/// <param name="Detail">Replaces the open alarm's detail when not null.</param>
/// <param name="ObservedAt">The reading's own time.</param>
/// <param name="Late">The reading arrived more than <c>LateAfterMinutes</c> after it was taken.</param>
public sealed record Update(
    AlarmKind Kind,
    double? Value,
    double? Threshold,
    string? Detail,
    DateTimeOffset ObservedAt,
    bool Late) : AlarmDecision(Kind);
