namespace Monitoring.Domain.Referrals;

/// <summary>
/// The order a referral's steps must follow. A vehicle is dispatched before the patient departs (an
/// ambulance or the grid's car, 003 (四)); a patient travelling on their own departs straight from the
/// request. Admission follows arrival only. A referral may be declined (by the patient or the
/// hospital, which must not refuse high-risk patients but may redirect them, 003 二(五)) until the
/// patient is admitted, and cancelled by the clinician only before the patient has left home.
/// Admitted, declined and cancelled are final.
/// </summary>
public static class ReferralStateMachine
{
    public static bool IsOpen(ReferralState state) =>
        state is ReferralState.Requested or ReferralState.TransportDispatched or ReferralState.Departed or ReferralState.Arrived;

    /// <summary>True when a referral in <paramref name="from"/> travelling by <paramref name="transport"/> may move to <paramref name="to"/>.</summary>
    public static bool CanMove(ReferralTransport transport, ReferralState from, ReferralState to) =>
        NextStates(transport, from).Contains(to);

    /// <summary>The states a referral may move to next, in the order they usually happen.</summary>
    public static IReadOnlyList<ReferralState> NextStates(ReferralTransport transport, ReferralState from) => from switch
    {
        ReferralState.Requested when transport == ReferralTransport.Self =>
            [ReferralState.Departed, ReferralState.Declined, ReferralState.Cancelled],
        ReferralState.Requested =>
            [ReferralState.TransportDispatched, ReferralState.Declined, ReferralState.Cancelled],
        // A patient travelling on their own never has a vehicle dispatched: the state is unreachable.
        ReferralState.TransportDispatched when transport == ReferralTransport.Self => [],
        ReferralState.TransportDispatched => [ReferralState.Departed, ReferralState.Declined, ReferralState.Cancelled],
        ReferralState.Departed => [ReferralState.Arrived, ReferralState.Declined],
        ReferralState.Arrived => [ReferralState.Admitted, ReferralState.Declined],
        _ => [],
    };
}
