using Monitoring.Contracts.Metrics;
using Monitoring.Contracts.Senml;
using Monitoring.Contracts.Topics;

namespace Monitoring.Contracts.Tests.Senml;

public sealed class SenmlWriterTests
{
    [Fact]
    public void WritesTheContractsExample()
    {
        var json = SenmlWriter.ToJson(
        [
            new SenmlRecord { BaseName = DeviceIds.BaseName("ox-0001"), BaseTime = 1763798400, Name = MetricNames.Spo2, Unit = SenmlUnits.Percent, Value = 92.5 },
            new SenmlRecord { Name = MetricNames.PulseRate, Unit = SenmlUnits.BeatsPerMinute, Value = 97 },
            new SenmlRecord { Name = MetricNames.Spo2, Time = 1, Value = 92.0 },
        ]);

        Assert.Equal("""[{"bn":"urn:dev:id:ox-0001:","bt":1763798400,"n":"spo2","u":"%","v":92.5},{"n":"pr","u":"beat/min","v":97},{"n":"spo2","v":92,"t":1}]""", json);
    }

    [Fact]
    public void WhatTheWriterWritesTheParserReadsBack()
    {
        var at = new DateTimeOffset(2026, 11, 22, 8, 30, 15, 123, TimeSpan.Zero);
        var bytes = SenmlWriter.ToUtf8Bytes(
        [
            new SenmlRecord { BaseName = DeviceIds.BaseName("th-7"), BaseTime = SenmlRecord.Seconds(at), BaseUnit = SenmlUnits.Celsius, Name = MetricNames.Temperature, Value = 38.65 },
            new SenmlRecord { Name = "symptom", StringValue = "dyspnea", Unit = null, Time = 0.5 },
            new SenmlRecord { Name = "antigen", BoolValue = false, Time = 1 },
        ]);
        var readings = new List<SenmlReading>();
        var errors = new List<SenmlRecordError>();

        var result = new SenmlParser().Parse(bytes, DateTimeOffset.UnixEpoch, "th-7", readings, errors);

        Assert.True(result.IsPackValid);
        Assert.Empty(errors);
        Assert.Equal(
            [("temp", 38.65, (string?)null, at), ("symptom", 0, "dyspnea", at.AddMilliseconds(500)), ("antigen", 0, null, at.AddSeconds(1))],
            readings.Select(r => (r.Name, r.Value, r.Text, r.Time)));
    }
}
