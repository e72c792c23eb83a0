using Monitoring.Hub.Alarms.Api;

namespace Monitoring.Hub.Tests.Alarms;

/// <summary>
/// Which copy of an alarm's referral the wall keeps when two steps, committed one after the other,
/// reach the realtime publisher in the other order (pure: <see cref="AlarmReferral.Supersedes"/>).
/// </summary>
public sealed class AlarmReferralOrderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);
    private static readonly Guid First = Guid.CreateVersion7(T0);
    private static readonly Guid Second = Guid.CreateVersion7(T0.AddMinutes(5));

    private static AlarmReferral Referral(Guid id, string state, bool open = true, int minutes = 0) => new(id, state, "designated", open, T0.AddMinutes(minutes));

    [Fact]
    public void AnyReferralReplacesNone()
    {
        Assert.True(Referral(First, "requested").Supersedes(null));
    }

    [Fact]
    public void AnEarlierStepOfTheSameReferralArrivingLateIsIgnoredEvenWithinTheSameSecond()
    {
        var departed = Referral(First, "departed");
        Assert.False(Referral(First, "requested").Supersedes(departed));
        Assert.True(Referral(First, "arrived").Supersedes(departed));
        Assert.True(Referral(First, "departed").Supersedes(departed));
    }

    [Fact]
    public void ANewReferralFromTheAlarmReplacesTheClosedOneItFollowsAndNotTheOtherWayRound()
    {
        var cancelled = Referral(First, "cancelled", open: false, minutes: 5);
        var next = Referral(Second, "requested", minutes: 5);
        Assert.True(next.Supersedes(cancelled));
        Assert.False(cancelled.Supersedes(next));
        Assert.True(Referral(Second, "declined", open: false, minutes: 9).Supersedes(cancelled));
    }
}
