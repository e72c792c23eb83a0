using Monitoring.Domain.Referrals;

namespace Monitoring.Domain.Tests.Referrals;

public sealed class ReferralStateMachineTests
{
    private static readonly ReferralState[] AllStates = Enum.GetValues<ReferralState>();

    private static readonly ReferralTransport[] Vehicles = [ReferralTransport.Ambulance_120, ReferralTransport.GridVehicle];

    /// <summary>Every legal step, written out by hand from the order docs/referrals.md gives; everything else is illegal.</summary>
    private static readonly HashSet<(ReferralState From, ReferralState To)> LegalByVehicle =
    [
        (ReferralState.Requested, ReferralState.TransportDispatched),
        (ReferralState.Requested, ReferralState.Declined),
        (ReferralState.Requested, ReferralState.Cancelled),
        (ReferralState.TransportDispatched, ReferralState.Departed),
        (ReferralState.TransportDispatched, ReferralState.Declined),
        (ReferralState.TransportDispatched, ReferralState.Cancelled),
        (ReferralState.Departed, ReferralState.Arrived),
        (ReferralState.Departed, ReferralState.Declined),
        (ReferralState.Arrived, ReferralState.Admitted),
        (ReferralState.Arrived, ReferralState.Declined),
    ];

    private static readonly HashSet<(ReferralState From, ReferralState To)> LegalOnTheirOwn =
    [
        (ReferralState.Requested, ReferralState.Departed),
        (ReferralState.Requested, ReferralState.Declined),
        (ReferralState.Requested, ReferralState.Cancelled),
        (ReferralState.Departed, ReferralState.Arrived),
        (ReferralState.Departed, ReferralState.Declined),
        (ReferralState.Arrived, ReferralState.Admitted),
        (ReferralState.Arrived, ReferralState.Declined),
    ];

    public static TheoryData<ReferralTransport, ReferralState, ReferralState, bool> EveryStep()
    {
        var data = new TheoryData<ReferralTransport, ReferralState, ReferralState, bool>();
        foreach (var transport in Enum.GetValues<ReferralTransport>())
        {
            var legal = transport == ReferralTransport.Self ? LegalOnTheirOwn : LegalByVehicle;
            foreach (var from in AllStates)
            {
                foreach (var to in AllStates)
                {
                    data.Add(transport, from, to, legal.Contains((from, to)));
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryStep))]
    public void EveryStepIsAllowedExactlyWhenTheOrderAllowsIt(ReferralTransport transport, ReferralState from, ReferralState to, bool legal) =>
        Assert.Equal(legal, ReferralStateMachine.CanMove(transport, from, to));

    [Fact]
    public void AVehicleMustBeDispatchedBeforeThePatientDeparts()
    {
        foreach (var vehicle in Vehicles)
        {
            Assert.False(ReferralStateMachine.CanMove(vehicle, ReferralState.Requested, ReferralState.Departed));
        }

        Assert.True(ReferralStateMachine.CanMove(ReferralTransport.Self, ReferralState.Requested, ReferralState.Departed));
        Assert.False(ReferralStateMachine.CanMove(ReferralTransport.Self, ReferralState.Requested, ReferralState.TransportDispatched));
    }

    [Fact]
    public void AdmittedDeclinedAndCancelledAreFinalAndTheOthersOpen()
    {
        foreach (var state in AllStates)
        {
            var open = state is ReferralState.Requested or ReferralState.TransportDispatched or ReferralState.Departed or ReferralState.Arrived;
            Assert.Equal(open, ReferralStateMachine.IsOpen(state));
            foreach (var transport in Vehicles)
            {
                Assert.Equal(open, ReferralStateMachine.NextStates(transport, state).Count > 0);
            }
        }
    }

    [Fact]
    public void ACancellationIsRefusedOnceThePatientHasLeftHome()
    {
        foreach (var transport in Enum.GetValues<ReferralTransport>())
        {
            Assert.False(ReferralStateMachine.CanMove(transport, ReferralState.Departed, ReferralState.Cancelled));
            Assert.False(ReferralStateMachine.CanMove(transport, ReferralState.Arrived, ReferralState.Cancelled));
        }
    }

    [Fact]
    public void NothingReturnsToRequested()
    {
        foreach (var transport in Enum.GetValues<ReferralTransport>())
        {
            Assert.All(AllStates, from => Assert.False(ReferralStateMachine.CanMove(transport, from, ReferralState.Requested)));
        }
    }
}
