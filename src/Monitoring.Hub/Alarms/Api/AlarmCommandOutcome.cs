using Monitoring.Domain.Alarms;

namespace Monitoring.Hub.Alarms.Api;

/// <summary>
/// An acknowledge or resolve as the API answers it: a patient alarm's engine transition or an
/// operator alarm's, both mapped to the response type at this edge.
/// </summary>
public sealed record AlarmCommandOutcome(AlarmTransitionStatus Status, AlarmResponse? Alarm, AlarmTransitionError? Error)
{
    public static AlarmCommandOutcome NotFound { get; } = new(AlarmTransitionStatus.NotFound, null, null);

    public static AlarmCommandOutcome From(AlarmTransition transition)
    {
        ArgumentNullException.ThrowIfNull(transition);
        return new(transition.Status, transition.Alarm is { } alarm ? AlarmResponse.From(alarm) : null, transition.Error);
    }
}
