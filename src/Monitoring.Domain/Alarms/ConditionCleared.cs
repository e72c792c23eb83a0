namespace Monitoring.Domain.Alarms;

/// <summary>
/// The condition is over (a normal reading, a whole normal day, a device heard again). High-priority
/// alarms stay open until a clinician resolves them; the others resolve themselves later.
/// </summary>
/// <param name="Kind">The alarm kind.</param>
/// <param name="At">When the condition was over, on the readings' clock.</param>
public sealed record ConditionCleared(AlarmKind Kind, DateTimeOffset At) : AlarmDecision(Kind);
