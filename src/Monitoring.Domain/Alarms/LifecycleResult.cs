namespace Monitoring.Domain.Alarms;

/// <summary>
/// The outcome of applying a decision or a tick: the alarm after it (null when there was none and
/// none was opened) and the effects, oldest first, for the service to store, audit and announce.
/// </summary>
public sealed record LifecycleResult(AlarmRecord? Alarm, IReadOnlyList<AlarmEffect> Effects);
