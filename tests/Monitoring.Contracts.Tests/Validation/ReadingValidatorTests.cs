using Monitoring.Contracts.Senml;
using Monitoring.Contracts.Topics;
using Monitoring.Contracts.Validation;

namespace Monitoring.Contracts.Tests.Validation;

public sealed class ReadingValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private readonly ReadingValidator _validator = new(new ReadingValidatorOptions { MaxClockSkew = TimeSpan.FromMinutes(5) });

    private static SenmlReading Number(string name, string? unit, double value, DateTimeOffset? at = null) =>
        new(0, "ox-0001", name, unit, SenmlValueKind.Number, value, null, false, at ?? Now);

    private RejectionReason? Telemetry(SenmlReading reading) => _validator.Validate(DeviceTopicKind.Telemetry, reading, Now).Reason;

    private RejectionReason? Event(SenmlReading reading) => _validator.Validate(DeviceTopicKind.Events, reading, Now).Reason;

    [Theory]
    [InlineData("spo2", "%", 97)]
    [InlineData("pr", "beat/min", 72)]
    [InlineData("temp", "Cel", 36.8)]
    [InlineData("rr", "1/min", 16)]
    [InlineData("pi", "%", 4.5)]
    [InlineData("bat", "%EL", 80)]
    public void EveryContractMetricWithItsUnitIsValid(string name, string unit, double value)
    {
        Assert.Null(Telemetry(Number(name, unit, value)));
        Assert.Null(Telemetry(Number(name, null, value)));
    }

    [Theory]
    [InlineData("spo2", "/")]
    [InlineData("temp", "far")]
    [InlineData("temp", "K")]
    [InlineData("pr", "1/min")]
    [InlineData("bat", "%")]
    [InlineData("spo2", "")]
    public void AnotherUnitIsRejected(string name, string unit)
    {
        Assert.Equal(RejectionReason.WrongUnit, Telemetry(Number(name, unit, 50)));
    }

    [Theory]
    [InlineData("SpO2")]
    [InlineData("hr")]
    [InlineData("symptom")]
    [InlineData("")]
    public void ANameOutsideTheContractIsUnknown(string name)
    {
        Assert.Equal(RejectionReason.UnknownName, Telemetry(Number(name, null, 90)));
    }

    // Plausibility, clinical-rules §2: SpO2 50-100 %, temperature 30-45 °C, pulse 20-250 /min; bounds inclusive.
    [Theory]
    [InlineData("spo2", 50, true)]
    [InlineData("spo2", 49.9, false)]
    [InlineData("spo2", 100, true)]
    [InlineData("spo2", 100.1, false)]
    [InlineData("temp", 30, true)]
    [InlineData("temp", 29.9, false)]
    [InlineData("temp", 45, true)]
    [InlineData("temp", 45.1, false)]
    [InlineData("temp", 98.6, false)]
    [InlineData("pr", 20, true)]
    [InlineData("pr", 19, false)]
    [InlineData("pr", 250, true)]
    [InlineData("pr", 251, false)]
    [InlineData("bat", -1, false)]
    [InlineData("bat", 0, true)]
    public void ValuesOutsidePhysicalPlausibilityAreRejected(string name, double value, bool plausible)
    {
        Assert.Equal(plausible ? null : RejectionReason.Implausible, Telemetry(Number(name, null, value)));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void NonFiniteValuesAreRejectedAsSuch(double value)
    {
        Assert.Equal(RejectionReason.NotFinite, Telemetry(Number("spo2", "%", value)));
    }

    [Fact]
    public void AMetricNeedsANumericValue()
    {
        var text = new SenmlReading(0, null, "spo2", "%", SenmlValueKind.String, 0, "95", false, Now);
        var sum = text with { Kind = SenmlValueKind.Sum, Value = 95, Text = null };

        Assert.Equal(RejectionReason.WrongValueType, Telemetry(text));
        Assert.Equal(RejectionReason.WrongValueType, Telemetry(sum));
    }

    [Fact]
    public void ATimeBeyondTheAllowedClockSkewIsRejectedAndOneWithinIsNot()
    {
        Assert.Null(Telemetry(Number("spo2", "%", 97, Now.AddMinutes(5))));
        Assert.Equal(RejectionReason.FutureTime, Telemetry(Number("spo2", "%", 97, Now.AddMinutes(5).AddMilliseconds(1))));
        Assert.Null(Telemetry(Number("spo2", "%", 97, Now.AddDays(-30))));
    }

    [Fact]
    public void AnImplausibleValueIsReportedBeforeAFutureTime()
    {
        Assert.Equal(RejectionReason.Implausible, Telemetry(Number("spo2", "%", 20, Now.AddDays(1))));
    }

    [Theory]
    [InlineData("dyspnea", null)]
    [InlineData("disease_worsening", null)]
    [InlineData("child_warning", null)]
    [InlineData("pregnancy_warning", null)]
    [InlineData("headache", RejectionReason.InvalidValue)]
    [InlineData("Dyspnea", RejectionReason.InvalidValue)]
    public void SymptomEventsCarryAKnownSymptom(string symptom, RejectionReason? expected)
    {
        var reading = new SenmlReading(0, null, "symptom", null, SenmlValueKind.String, 0, symptom, false, Now);

        Assert.Equal(expected, Event(reading));
    }

    [Fact]
    public void AntigenEventsCarryABoolean()
    {
        var positive = new SenmlReading(0, null, "antigen", null, SenmlValueKind.Boolean, 0, null, true, Now);

        Assert.Null(Event(positive));
        Assert.Equal(RejectionReason.WrongValueType, Event(positive with { Kind = SenmlValueKind.String, Text = "positive" }));
        Assert.Equal(RejectionReason.WrongUnit, Event(positive with { Unit = "%" }));
    }

    [Fact]
    public void EachTopicAcceptsOnlyItsOwnNames()
    {
        var symptom = new SenmlReading(0, null, "symptom", null, SenmlValueKind.String, 0, "dyspnea", false, Now);

        Assert.Equal(RejectionReason.UnknownName, Telemetry(symptom));
        Assert.Equal(RejectionReason.UnknownName, Event(Number("spo2", "%", 97)));
    }
}
