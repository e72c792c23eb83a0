using Monitoring.Domain.Thresholds;

namespace Monitoring.Domain.Alarms;

/// <summary>
/// A clinic's lifecycle settings: when medium and low alarms resolve themselves, and how
/// unacknowledged high-priority alarms escalate and are repeated.
/// </summary>
public sealed record AlarmPolicy
{
    /// <param name="autoResolveAfter">How long a medium or low alarm's condition must stay clear before it resolves itself.</param>
    /// <param name="escalation">The escalation ladder; steps are kept in order of time.</param>
    /// <param name="reminderEvery">How often an unacknowledged high-priority alarm is announced again.</param>
    /// <exception cref="ArgumentException">A duration is not positive, or a step has a negative time or no level.</exception>
    public AlarmPolicy(TimeSpan autoResolveAfter, IReadOnlyList<EscalationStep> escalation, TimeSpan reminderEvery)
    {
        ArgumentNullException.ThrowIfNull(escalation);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(autoResolveAfter, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(reminderEvery, TimeSpan.Zero);
        foreach (var step in escalation)
        {
            ArgumentNullException.ThrowIfNull(step, nameof(escalation));
            if (step.AfterMinutes < 0 || string.IsNullOrWhiteSpace(step.NotifyLevel))
            {
                throw new ArgumentException($"Escalation step {step} needs a non-negative time and a level.", nameof(escalation));
            }
        }

        AutoResolveAfter = autoResolveAfter;
        Escalation = [.. escalation.OrderBy(step => step.AfterMinutes)];
        ReminderEvery = reminderEvery;
    }

    public TimeSpan AutoResolveAfter { get; }

    public IReadOnlyList<EscalationStep> Escalation { get; }

    public TimeSpan ReminderEvery { get; }

    /// <summary>
    /// The policy of the thresholds (<see cref="AlarmThresholds.AutoResolveAfterMinutes"/>,
    /// <see cref="AlarmThresholds.ReminderEveryMinutes"/>), with the clinic's ladder or, by default,
    /// one step: <see cref="AlarmThresholds.EscalateAfterMinutes"/> → <see cref="EscalationStep.DefaultNotifyLevel"/>.
    /// </summary>
    public static AlarmPolicy FromThresholds(AlarmThresholds thresholds, IReadOnlyList<EscalationStep>? escalation = null)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        return new AlarmPolicy(
            TimeSpan.FromMinutes(thresholds.AutoResolveAfterMinutes),
            escalation ?? [new EscalationStep(thresholds.EscalateAfterMinutes, EscalationStep.DefaultNotifyLevel)],
            TimeSpan.FromMinutes(thresholds.ReminderEveryMinutes));
    }
}
