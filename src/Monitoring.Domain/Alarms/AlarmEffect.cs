namespace Monitoring.Domain.Alarms;

/// <summary>
/// One change to an alarm, for the service to audit and to announce (who, when, from → to).
/// </summary>
/// <param name="Type">What happened.</param>
/// <param name="Kind">The alarm's kind.</param>
/// <param name="From">The state before; null when the alarm was opened.</param>
/// <param name="To">The state after.</param>
/// <param name="At">When it happened: hub time, or for scheduled effects (escalation, reminder, auto-resolve) when they were due.</param>
/// <param name="Actor">The clinician, or <see cref="SystemActor"/>.</param>
public sealed record AlarmEffect(
    AlarmEffectType Type,
    AlarmKind Kind,
    AlarmState? From,
    AlarmState To,
    DateTimeOffset At,
    string Actor)
{
    public const string SystemActor = "system";

    /// <summary>The clinician's note (acknowledge, resolve).</summary>
    public string? Note { get; init; }

    /// <summary>The escalation step that fired, 1-based.</summary>
    public int? EscalationStep { get; init; }

    /// <summary>Whom the escalation step notifies.</summary>
    public string? NotifyLevel { get; init; }

    /// <summary>The reminder's number since the alarm became active, 1-based.</summary>
    public int? ReminderNumber { get; init; }
}
