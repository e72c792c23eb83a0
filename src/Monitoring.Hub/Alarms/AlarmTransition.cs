using Monitoring.Domain.Alarms;
using Monitoring.Hub.Alarms.Storage;

namespace Monitoring.Hub.Alarms;

/// <summary>The outcome of a clinician's acknowledge or resolve: the alarm as it now is (done) or as it was (refused).</summary>
public sealed record AlarmTransition(AlarmTransitionStatus Status, StoredAlarm? Alarm, AlarmTransitionError? Error)
{
    public static AlarmTransition NotFound { get; } = new(AlarmTransitionStatus.NotFound, null, null);
}
