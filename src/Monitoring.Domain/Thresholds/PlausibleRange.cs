namespace Monitoring.Domain.Thresholds;

/// <summary>An inclusive range of physically plausible values; NaN is never plausible.</summary>
public readonly record struct PlausibleRange(double Min, double Max)
{
    public bool Contains(double value) => value >= Min && value <= Max;
}
