namespace Monitoring.Hub.Auth.Throttling;

/// <summary>
/// What the throttle said about one sign-in attempt. When <see cref="Wait"/> is positive the
/// attempt was refused before the password was checked and nothing was counted. Otherwise a
/// failure was counted in advance on every key (so parallel attempts cannot slip past the
/// limit); <see cref="LoginThrottle.SucceededAsync"/> takes it back when the password was right.
/// </summary>
public sealed record ThrottleAttempt(TimeSpan Wait, ThrottleKeys Keys, int AccountFailures, IReadOnlyDictionary<string, DateTimeOffset?> PreviousFailureAt)
{
    public bool Refused => Wait > TimeSpan.Zero;
}
