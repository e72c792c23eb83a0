using Monitoring.Domain.Thresholds;

namespace Monitoring.Domain.Tests.Thresholds;

// Clinical-rules §2: SpO2 > 100 or < 50, temperature < 30 or > 45 °C, pulse < 20 or > 250 are
// invalid readings; respiratory rate, battery and perfusion index bounds are monitoring practice.
public sealed class PlausibilityLimitsTests
{
    [Theory]
    [InlineData("spo2", 49.9, false)]
    [InlineData("spo2", 50, true)]
    [InlineData("spo2", 100, true)]
    [InlineData("spo2", 100.1, false)]
    [InlineData("temperature", 29.9, false)]
    [InlineData("temperature", 30, true)]
    [InlineData("temperature", 45, true)]
    [InlineData("temperature", 45.1, false)]
    [InlineData("pulse", 19, false)]
    [InlineData("pulse", 20, true)]
    [InlineData("pulse", 250, true)]
    [InlineData("pulse", 251, false)]
    [InlineData("rr", 3, false)]
    [InlineData("rr", 4, true)]
    [InlineData("rr", 80, true)]
    [InlineData("rr", 81, false)]
    [InlineData("battery", -1, false)]
    [InlineData("battery", 0, true)]
    [InlineData("battery", 100, true)]
    [InlineData("battery", 101, false)]
    [InlineData("pi", -0.1, false)]
    [InlineData("pi", 0, true)]
    [InlineData("pi", 30, true)]
    [InlineData("pi", 30.1, false)]
    public void LimitsAreInclusive(string measurement, double value, bool plausible)
    {
        var range = measurement switch
        {
            "spo2" => PlausibilityLimits.Spo2Percent,
            "temperature" => PlausibilityLimits.TemperatureCelsius,
            "pulse" => PlausibilityLimits.PulsePerMinute,
            "rr" => PlausibilityLimits.RespiratoryRatePerMinute,
            "battery" => PlausibilityLimits.BatteryPercent,
            _ => PlausibilityLimits.PerfusionIndexPercent,
        };

        Assert.Equal(plausible, range.Contains(value));
    }

    [Fact]
    public void NaNIsNeverPlausible() => Assert.False(PlausibilityLimits.Spo2Percent.Contains(double.NaN));
}
