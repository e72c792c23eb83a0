using System.Diagnostics.CodeAnalysis;

namespace Monitoring.Domain.Alarms;

/// <summary>
/// The outcome of a clinician's transition: the new record and its effect, or an error and the
/// record unchanged. Invalid transitions are expected input, not exceptions.
/// </summary>
public sealed record TransitionResult
{
    private TransitionResult(AlarmRecord alarm, AlarmEffect? effect, AlarmTransitionError? error)
    {
        Alarm = alarm;
        Effect = effect;
        Error = error;
    }

    public AlarmRecord Alarm { get; }

    public AlarmEffect? Effect { get; }

    public AlarmTransitionError? Error { get; }

    [MemberNotNullWhen(true, nameof(Effect))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

    internal static TransitionResult Done(AlarmRecord alarm, AlarmEffect effect) => new(alarm, effect, null);

    internal static TransitionResult Refused(AlarmRecord alarm, AlarmTransitionErrorCode code, string message) =>
        new(alarm, null, new AlarmTransitionError(code, message));
}
