using Monitoring.Hub.Influx;
using Monitoring.Hub.Vitals;

namespace Monitoring.Hub.Tests.Vitals;

/// <summary>Which retention policy an aggregated vitals query reads (defaults: raw 30 d, aggregates from every=10m, resample 5m for 2h).</summary>
public sealed class VitalsSourceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 8, 7, 30, TimeSpan.Zero);
    private static readonly InfluxOptions Defaults = new();

    [Theory]
    [InlineData(60)]
    [InlineData(300)]
    [InlineData(90)]
    public void FineBucketsOverRecentDaysReadTheRawReadings(long every) =>
        Assert.Null(VitalsSource.AggregatesUntil(Now.AddDays(-1), Now, every, Now, Defaults));

    [Fact]
    public void CoarseBucketsReadTheAggregatesUpToTheLastSettledBucketAndTheRawReadingsAfter()
    {
        var until = VitalsSource.AggregatesUntil(Now.AddDays(-7), Now, 900, Now, Defaults);

        // now - 2h (FOR) - 5m (EVERY) = 06:02:30, down to the 15-minute bucket boundary.
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 6, 0, 0, TimeSpan.Zero), until);
    }

    [Fact]
    public void ARangeEndingBeforeTheUnsettledPartReadsOnlyTheAggregates()
    {
        var until = VitalsSource.AggregatesUntil(Now.AddDays(-7), Now.AddDays(-6), 3600, Now, Defaults);

        Assert.True(until >= Now.AddDays(-6));
    }

    [Fact]
    public void FineBucketsReachingPastTheRawPolicyReadTheAggregates() =>
        Assert.NotNull(VitalsSource.AggregatesUntil(Now.AddDays(-40), Now.AddDays(-39), 60, Now, Defaults));

    [Fact]
    public void BucketsThatAreNotWholeMinutesNeverReadTheAggregates() =>
        Assert.Null(VitalsSource.AggregatesUntil(Now.AddDays(-40), Now, 3630, Now, Defaults));

    [Fact]
    public void ARecentRangeInsideTheUnsettledPartReadsTheRawReadings() =>
        Assert.Null(VitalsSource.AggregatesUntil(Now.AddMinutes(-60), Now, 900, Now, Defaults));

    [Fact]
    public void WithAggregatesOffEverythingIsRaw() =>
        Assert.Null(VitalsSource.AggregatesUntil(Now.AddDays(-40), Now, 3600, Now, new InfluxOptions { AggregatesEnabled = false }));

    [Fact]
    public void RawReadingsKeptForEverAreReadForFineBucketsHoweverOld() =>
        Assert.Null(VitalsSource.AggregatesUntil(Now.AddDays(-300), Now, 60, Now, new InfluxOptions { RetentionDuration = "INF" }));
}
