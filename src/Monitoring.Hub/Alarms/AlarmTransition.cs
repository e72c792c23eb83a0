using Monitoring.Domain.Alarms;

namespace Monitoring.Hub.Alarms;

/// <summary>The outcome of a clinician's acknowledge or resolve.</summary>
public sealed record AlarmTransition(AlarmTransitionStatus Status, AlarmResponse? Alarm, AlarmTransitionError? Error)
{
    public static AlarmTransition NotFound { get; } = new(AlarmTransitionStatus.NotFound, null, null);
}
