using System.Globalization;
using System.Text;
using Monitoring.Contracts.Senml;
using Monitoring.Contracts.Validation;

namespace Monitoring.Contracts.Tests.Senml;

public sealed class SenmlParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Bt = DateTimeOffset.FromUnixTimeSeconds(1763798400);

    private readonly SenmlParser _parser = new(maxRecords: 2000);
    private readonly List<SenmlReading> _readings = [];
    private readonly List<SenmlRecordError> _errors = [];

    private SenmlParseResult Parse(string json, string? device = "ox-0001") =>
        _parser.Parse(Encoding.UTF8.GetBytes(json), Now, device, _readings, _errors);

    [Fact]
    public void TheContractsExampleResolvesBaseNameTimeAndUnit()
    {
        var result = Parse("""[{"bn":"urn:dev:id:ox-0001:","bt":1763798400,"n":"spo2","u":"%","v":92.5},{"n":"pr","u":"beat/min","v":97},{"n":"spo2","t":1,"v":92.0}]""");

        Assert.True(result.IsPackValid, result.Detail);
        Assert.Equal(3, result.RecordCount);
        Assert.Empty(_errors);
        Assert.Collection(_readings,
            r => Assert.Equal(new SenmlReading(0, "ox-0001", "spo2", "%", SenmlValueKind.Number, 92.5, null, false, Bt), r),
            r => Assert.Equal(new SenmlReading(1, "ox-0001", "pr", "beat/min", SenmlValueKind.Number, 97, null, false, Bt), r),
            r => Assert.Equal(new SenmlReading(2, "ox-0001", "spo2", null, SenmlValueKind.Number, 92.0, null, false, Bt.AddSeconds(1)), r));
    }

    [Fact]
    public void TimesBelowTwoToThe28AreRelativeToNow()
    {
        Parse("""[{"n":"spo2","v":95},{"n":"spo2","v":96,"t":-10},{"bt":-60,"n":"pr","v":80,"t":30},{"n":"pr","v":81,"t":0.25}]""");

        Assert.Empty(_errors);
        Assert.Equal([Now, Now.AddSeconds(-10), Now.AddSeconds(-30), Now.AddSeconds(-59.75)], _readings.Select(r => r.Time));
    }

    [Fact]
    public void ResolvedTimeDecidesRelativeOrAbsoluteNotTheFieldAlone()
    {
        // bt is absolute; a small t on top of it stays absolute (RFC 8428 §4.5.3 speaks of the resolved time).
        Parse("""[{"bt":1763798400,"n":"spo2","v":95,"t":-3600}]""");

        Assert.Equal(Bt.AddHours(-1), Assert.Single(_readings).Time);
    }

    [Fact]
    public void MillisecondsSurviveTheDoubleRoundTrip()
    {
        Parse("""[{"n":"spo2","v":95,"t":1763798400.123},{"n":"spo2","v":95,"t":1763798400.1},{"bt":1763798400.5,"n":"spo2","v":95,"t":0.001}]""");

        Assert.Equal([123L, 100L, 501L], _readings.Select(r => r.Time.ToUnixTimeMilliseconds() - 1763798400000));
    }

    [Fact]
    public void BaseValueIsAddedAndBaseUnitFillsAMissingUnit()
    {
        Parse("""[{"bu":"%","bv":90,"n":"spo2","v":2.5},{"n":"pr","u":"beat/min","v":-10}]""");

        Assert.Collection(_readings,
            r => Assert.Equal((92.5, "%"), (r.Value, r.Unit)),
            r => Assert.Equal((80d, "beat/min"), (r.Value, r.Unit)));
    }

    [Fact]
    public void BaseFieldsLastUntilReplaced()
    {
        Parse("""
            [{"bn":"urn:dev:id:ox-0001:","bt":1763798400,"bu":"Cel","n":"temp","v":37.1},
             {"n":"temp","v":37.2,"t":60},
             {"bt":1763802000,"bu":"%","n":"spo2","v":97},
             {"n":"temp","u":"Cel","v":37.3}]
            """);

        Assert.Empty(_errors);
        Assert.Equal(
            [("temp", "Cel", Bt), ("temp", "Cel", Bt.AddSeconds(60)), ("spo2", "%", Bt.AddHours(1)), ("temp", "Cel", Bt.AddHours(1))],
            _readings.Select(r => (r.Name, r.Unit, r.Time)));
    }

    [Fact]
    public void FieldsMayComeInAnyOrderWithinARecord()
    {
        Parse("""[{"v":97,"t":1,"u":"beat/min","n":"pr","bt":1763798400,"bn":"urn:dev:id:ox-0001:"}]""");

        var reading = Assert.Single(_readings);
        Assert.Equal(("ox-0001", "pr", 97d, Bt.AddSeconds(1)), (reading.DeviceId, reading.Name, reading.Value, reading.Time));
    }

    [Fact]
    public void MixedMetricsAndValueKindsInOnePack()
    {
        Parse("""[{"n":"spo2","u":"%","v":97},{"n":"temp","u":"Cel","v":36.8},{"n":"symptom","vs":"dyspnea"},{"n":"antigen","vb":true},{"n":"blob","vd":"AAE"},{"n":"steps","s":12}]""");

        Assert.Empty(_errors);
        Assert.Equal(
            [SenmlValueKind.Number, SenmlValueKind.Number, SenmlValueKind.String, SenmlValueKind.Boolean, SenmlValueKind.Data, SenmlValueKind.Sum],
            _readings.Select(r => r.Kind));
        Assert.Equal("dyspnea", _readings[2].Text);
        Assert.True(_readings[3].Flag);
        Assert.Equal(12, _readings[5].Value);
    }

    [Fact]
    public void ABacklogOfAThousandRecordsOutOfOrderKeepsEveryOwnTime()
    {
        var offsets = Enumerable.Range(0, 1000).Select(i => i * 2).ToArray();
        Random.Shared.Shuffle(offsets);
        var json = new StringBuilder("""[{"bn":"urn:dev:id:ox-0001:","bt":1763798400,"bu":"%"}""");
        foreach (var offset in offsets)
        {
            json.Append(CultureInfo.InvariantCulture, $$""",{"n":"spo2","v":{{90 + (offset % 10)}},"t":{{offset}}}""");
        }

        var result = Parse(json.Append(']').ToString());

        Assert.True(result.IsPackValid, result.Detail);
        Assert.Equal(1001, result.RecordCount);
        Assert.Empty(_errors);
        Assert.Equal(offsets.Select(o => Bt.AddSeconds(o)), _readings.Select(r => r.Time));
        Assert.Equal(offsets.Select(o => 90d + (o % 10)), _readings.Select(r => r.Value));
    }

    [Theory]
    [InlineData("""[{"bn":"urn:dev:id:ox-0002:","n":"spo2","v":95}]""")]
    [InlineData("""[{"bn":"ox-0002:","n":"spo2","v":95}]""")]
    [InlineData("""[{"n":"urn:dev:id:ox-0002:spo2","v":95}]""")]
    [InlineData("""[{"bn":"urn:dev:mac:0024befffe804ff1:","n":"spo2","v":95}]""")]
    public void ANameThatNamesAnotherDeviceIsRejected(string json)
    {
        var result = Parse(json);

        Assert.True(result.IsPackValid);
        Assert.Empty(_readings);
        Assert.Equal(RejectionReason.DeviceMismatch, Assert.Single(_errors).Reason);
    }

    [Fact]
    public void OnlyTheRecordsUnderTheForeignBaseNameAreRejected()
    {
        Parse("""[{"n":"spo2","v":95},{"bn":"urn:dev:id:ox-0002:","n":"spo2","v":96},{"n":"pr","v":70},{"bn":"urn:dev:id:ox-0001:","n":"pr","v":71}]""");

        Assert.Equal([1, 2], _errors.Select(e => e.Index));
        Assert.All(_errors, e => Assert.Equal(RejectionReason.DeviceMismatch, e.Reason));
        Assert.Equal([(null, 95d), ("ox-0001", 71d)], _readings.Select(r => (r.DeviceId, r.Value)));
    }

    [Theory]
    [InlineData("""[{"n":"urn:dev:id:ox-0001:spo2","v":95}]""")]
    [InlineData("""[{"bn":"ox-0001:","n":"spo2","v":95}]""")]
    [InlineData("""[{"bn":"urn:dev:id:","n":"ox-0001:spo2","v":95}]""")]
    [InlineData("""[{"bn":"urn:dev:id:ox-0001:sp","n":"o2","v":95}]""")]
    public void EveryWayOfNamingTheTopicsDeviceResolves(string json)
    {
        Parse(json);

        Assert.Empty(_errors);
        var reading = Assert.Single(_readings);
        Assert.Equal(("ox-0001", "spo2"), (reading.DeviceId, reading.Name));
    }

    [Fact]
    public void WithoutAnExpectedDeviceTheNamedDeviceIsReported()
    {
        Parse("""[{"bn":"urn:dev:id:ox-0009:","n":"spo2","v":95}]""", device: null);

        Assert.Equal("ox-0009", Assert.Single(_readings).DeviceId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("[")]
    [InlineData("[{\"n\":\"spo2\",\"v\":95}")]
    [InlineData("[{\"n\":\"spo2\",\"v\":95}] trailing")]
    [InlineData("[{\"n\":\"spo2\",\"v\":95},]")]
    [InlineData("[{'n':'spo2'}]")]
    [InlineData("[{\"n\":\"spo2\",\"v\":NaN}]")]
    [InlineData("[{\"n\":\"spo2\",\"v\":95} /* comment */]")]
    public void BrokenJsonFailsThePack(string json)
    {
        var result = Parse(json);

        Assert.Equal(RejectionReason.InvalidJson, result.PackError);
        Assert.Empty(_readings);
        Assert.Empty(_errors);
    }

    [Theory]
    [InlineData("""{"n":"spo2","v":95}""")]
    [InlineData("""[[{"n":"spo2","v":95}]]""")]
    [InlineData("""[{"n":"spo2","v":95}, 42]""")]
    [InlineData("\"spo2\"")]
    public void JsonThatIsNotAPackFailsThePack(string json)
    {
        var result = Parse(json);

        Assert.Equal(RejectionReason.InvalidSenml, result.PackError);
        Assert.Empty(_readings);
    }

    [Theory]
    [InlineData("""[{"n":"spo2","v":95},{"bn":7,"n":"spo2","v":95}]""")]
    [InlineData("""[{"n":"spo2","v":95},{"bt":"yesterday","n":"spo2","v":95}]""")]
    [InlineData("""[{"n":"spo2","v":95},{"bv":"x","n":"spo2","v":95}]""")]
    [InlineData("""[{"n":"spo2","v":95},{"bu":1,"n":"spo2","v":95}]""")]
    [InlineData("""[{"bver":11,"n":"spo2","v":95}]""")]
    [InlineData("""[{"n":"spo2","v":95,"crit_":1}]""")]
    public void AnUnusableBaseFieldOrMustUnderstandFieldFailsThePackAndKeepsNothing(string json)
    {
        var result = Parse(json);

        Assert.Equal(RejectionReason.InvalidSenml, result.PackError);
        Assert.Empty(_readings);
        Assert.Empty(_errors);
    }

    [Theory]
    [InlineData("""{"n":"spo2","v":"95"}""", RejectionReason.WrongValueType)]
    [InlineData("""{"n":"symptom","vs":1}""", RejectionReason.WrongValueType)]
    [InlineData("""{"n":"antigen","vb":"true"}""", RejectionReason.WrongValueType)]
    [InlineData("""{"n":"spo2","v":1e400}""", RejectionReason.NotFinite)]
    [InlineData("""{"n":"spo2","v":-1e400}""", RejectionReason.NotFinite)]
    [InlineData("""{"n":"spo2"}""", RejectionReason.InvalidSenml)]
    [InlineData("""{"n":"spo2","v":95,"vs":"x"}""", RejectionReason.InvalidSenml)]
    [InlineData("""{"n":"spo2","v":95,"v":96}""", RejectionReason.InvalidSenml)]
    [InlineData("""{"n":"sp o2","v":95}""", RejectionReason.InvalidSenml)]
    [InlineData("""{"n":"-spo2","v":95}""", RejectionReason.InvalidSenml)]
    [InlineData("""{"v":95}""", RejectionReason.InvalidSenml)]
    [InlineData("""{"n":7,"v":95}""", RejectionReason.InvalidSenml)]
    [InlineData("""{}""", RejectionReason.InvalidSenml)]
    [InlineData("""{"n":"spo2","v":95,"t":"now"}""", RejectionReason.InvalidTime)]
    [InlineData("""{"n":"spo2","v":95,"t":1e300}""", RejectionReason.InvalidTime)]
    [InlineData("""{"n":"spo2","v":95,"t":9300000000}""", RejectionReason.InvalidTime)]
    [InlineData("""{"n":"spo2","v":95,"t":-2000000000}""", RejectionReason.InvalidTime)]
    public void ABadRecordIsRejectedAloneAndItsNeighboursStillResolve(string record, RejectionReason reason)
    {
        var result = Parse($$"""[{"n":"pr","v":70},{{record}},{"n":"pr","v":71}]""");

        Assert.True(result.IsPackValid, result.Detail);
        var error = Assert.Single(_errors);
        Assert.Equal((1, reason), (error.Index, error.Reason));
        Assert.Equal([70d, 71d], _readings.Select(r => r.Value));
    }

    [Fact]
    public void AValuePlusBaseValueThatOverflowsIsNotFinite()
    {
        Parse("""[{"bv":1.7e308,"n":"spo2","v":1.7e308}]""");

        Assert.Equal(RejectionReason.NotFinite, Assert.Single(_errors).Reason);
    }

    [Fact]
    public void UnknownFieldsAreIgnoredWhateverTheyHold()
    {
        Parse("""[{"n":"spo2","v":95,"note":{"deep":[1,2,{"x":null}]},"ut":30,"bver":10}]""");

        Assert.Empty(_errors);
        Assert.Equal(95, Assert.Single(_readings).Value);
    }

    [Fact]
    public void ARecordOfBaseFieldsOnlyYieldsNothingAndIsNoError()
    {
        var result = Parse("""[{"bn":"urn:dev:id:ox-0001:","bt":1763798400},{"n":"spo2","v":95}]""");

        Assert.Equal(2, result.RecordCount);
        Assert.Empty(_errors);
        Assert.Equal(Bt, Assert.Single(_readings).Time);
    }

    [Fact]
    public void AnEmptyPackIsValidAndEmpty()
    {
        var result = Parse("[]");

        Assert.True(result.IsPackValid);
        Assert.Equal(0, result.RecordCount);
    }

    [Fact]
    public void MoreRecordsThanAllowedFailThePack()
    {
        var parser = new SenmlParser(maxRecords: 3);

        var result = parser.Parse("[{\"n\":\"pr\",\"v\":1},{\"n\":\"pr\",\"v\":1},{\"n\":\"pr\",\"v\":1},{\"n\":\"pr\",\"v\":1}]"u8, Now, null, _readings, _errors);

        Assert.Equal(RejectionReason.TooManyRecords, result.PackError);
        Assert.Empty(_readings);
    }

    [Fact]
    public void KnownNamesAndUnitsAreInterned()
    {
        Parse("""[{"n":"spo2","u":"%","v":95},{"n":"sp\u006f2","u":"%","v":95}]""");

        Assert.All(_readings, r => Assert.Same(Metrics.MetricNames.Spo2, r.Name));
        Assert.All(_readings, r => Assert.Same(Metrics.SenmlUnits.Percent, r.Unit));
    }

    [Fact]
    public void AppendsToListsThatAlreadyHoldEntriesAndLeavesThemOnFailure()
    {
        Parse("""[{"n":"spo2","v":95}]""");

        Parse("""[{"n":"spo2","v":96},{"bn":1}]""");

        Assert.Equal(95, Assert.Single(_readings).Value);
    }
}
