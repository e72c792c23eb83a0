using Microsoft.Extensions.Time.Testing;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Hub.DataLoss;
using Monitoring.Hub.Ingestion;

namespace Monitoring.Hub.Tests.DataLoss;

/// <summary>The lag is the oldest unacknowledged message's age, held by the hub or (seen by the probe) by the broker; in fake time.</summary>
public sealed class IngestLagTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 6, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly IngestLag _lag;
    private readonly IngestionMetrics _metrics;

    public IngestLagTests()
    {
        _lag = new IngestLag(_time) { Enabled = true, ClientId = "hub-1" };
        _metrics = new IngestionMetrics(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
    }

    [Fact]
    public void TheOldestMessageTheHubHoldsUnacknowledgedSetsTheLagUntilItIsAcknowledged()
    {
        var first = Message();
        _time.Advance(TimeSpan.FromSeconds(10));
        var second = Message();
        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(TimeSpan.FromSeconds(40), _lag.Current());
        first.CompletePart();
        Assert.Equal(TimeSpan.FromSeconds(30), _lag.Current());
        second.CompletePart();
        Assert.Equal(TimeSpan.Zero, _lag.Current());
    }

    [Fact]
    public void AProbeStillInTheBrokersQueueCountsFromWhenItWasSentOnceProbesAreKnownToComeBack()
    {
        _lag.ProbeSent(1, Start);
        _time.Advance(TimeSpan.FromSeconds(2));
        _lag.ProbeArrived(LagProbe.Encode("hub-1", 1, Start));
        Assert.Equal(TimeSpan.FromSeconds(2), _lag.Current());

        // The hub holds nothing, yet its next probe has waited 45 s behind what the broker keeps for it.
        _lag.ProbeSent(2, _time.GetUtcNow());
        _time.Advance(TimeSpan.FromSeconds(45));
        Assert.Equal(TimeSpan.FromSeconds(45), _lag.Current());

        _lag.ProbeArrived(LagProbe.Encode("hub-1", 2, Start.AddSeconds(2)));
        Assert.Equal(TimeSpan.FromSeconds(45), _lag.Current());
    }

    [Fact]
    public void ProbesThatNeverComeBackDoNotCountUntilOneHas()
    {
        // An older broker ACL may refuse the probe for ever: that is not lag.
        _lag.ProbeSent(1, Start);
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(TimeSpan.Zero, _lag.Current());
    }

    [Fact]
    public void WithASharedSubscriptionOnlyArrivalsCountForAnotherHubMayTakeTheProbe()
    {
        _lag.CountUnderWay = false;
        _lag.ProbeSent(1, Start);
        _lag.ProbeArrived(LagProbe.Encode("hub-2", 7, Start));
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(TimeSpan.Zero, _lag.Current());
    }

    private IngestMessage Message()
    {
        var message = new IngestMessage("rpm/v1/devices/ox-1/telemetry", "[]"u8.ToArray(), retained: false, _time.GetUtcNow(), acknowledgement: null, _metrics);
        _lag.Track(message);
        return message;
    }
}
