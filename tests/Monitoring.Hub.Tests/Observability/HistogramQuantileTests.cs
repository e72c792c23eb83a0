using Monitoring.Hub.Observability;

namespace Monitoring.Hub.Tests.Observability;

public sealed class HistogramQuantileTests
{
    private static readonly double[] Bounds = [0.1, 1, 10];

    [Theory]
    [InlineData(0.5, 0.55)]
    [InlineData(0.1, 0.19)]
    [InlineData(0.9, 0.91)]
    public void AQuantileIsInterpolatedInsideItsBucket(double quantile, double expected)
    {
        var estimate = HistogramQuantile.Estimate(Bounds, [0, 10, 0, 0], quantile);

        Assert.Equal(expected, estimate!.Value, 10);
    }

    [Fact]
    public void TheFirstBucketStartsAtZero() =>
        Assert.Equal(0.05, HistogramQuantile.Estimate(Bounds, [4, 0, 0, 0], 0.5)!.Value, 10);

    [Fact]
    public void ARankInTheInfiniteBucketIsTheHighestFiniteBound() =>
        Assert.Equal(10, HistogramQuantile.Estimate(Bounds, [1, 0, 0, 9], 0.95));

    [Fact]
    public void NoObservationsGiveNoEstimate() =>
        Assert.Null(HistogramQuantile.Estimate(Bounds, [0, 0, 0, 0], 0.5));
}
