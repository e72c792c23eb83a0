namespace Monitoring.Domain.Alarms;

/// <summary>
/// What a rule asks for; it never raises or stores anything itself (Nightscout: rules request a
/// notification). <see cref="AlarmLifecycle.Apply"/> turns decisions into alarm changes.
/// </summary>
/// <param name="Kind">The alarm kind the decision is about.</param>
public abstract record AlarmDecision(AlarmKind Kind);
