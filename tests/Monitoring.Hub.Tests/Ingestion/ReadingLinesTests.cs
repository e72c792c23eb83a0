using System.Buffers;
using System.Text;
using Monitoring.Contracts.Senml;
using Monitoring.Contracts.Topics;
using Monitoring.Hub.Influx;
using Monitoring.Hub.Ingestion;

namespace Monitoring.Hub.Tests.Ingestion;

/// <summary>
/// A message's readings as line protocol: one line per point, the fields of one series and
/// millisecond together, and nothing merged that InfluxDB would have kept apart.
/// </summary>
public sealed class ReadingLinesTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);
    private static readonly Guid Clinic = Guid.Parse("0192a000-0000-7000-8000-000000000001");
    private static readonly Guid Patient = Guid.Parse("0192a000-0000-7000-8000-000000000002");
    private static readonly Guid Other = Guid.Parse("0192a000-0000-7000-8000-000000000003");
    private static readonly AssignmentPeriod Assignment = new(Patient, Clinic, T.AddDays(-1), null);

    [Fact]
    public void SpO2AndPulseOfOneSampleShareALine()
    {
        var text = Write((Reading("spo2", 97, T), Assignment), (Reading("pr", 72, T), Assignment));

        Assert.Equal($"vitals,clinic={Clinic},device=ox-1,patient={Patient} spo2=97,pr=72 {T.ToUnixTimeMilliseconds()}\n", text);
    }

    [Fact]
    public void SamplesAtDifferentTimesAreDifferentPoints()
    {
        var text = Write((Reading("spo2", 97, T), Assignment), (Reading("spo2", 96, T.AddSeconds(1)), Assignment));

        Assert.Equal(2, Lines(text).Length);
        Assert.EndsWith($" spo2=96 {T.AddSeconds(1).ToUnixTimeMilliseconds()}", Lines(text)[1], StringComparison.Ordinal);
    }

    [Fact]
    public void TimesWithinOneMillisecondAreOnePointAsTheWritePrecisionMakesThem()
    {
        var text = Write((Reading("spo2", 97, T), Assignment), (Reading("pr", 72, T.AddTicks(1000)), Assignment));

        Assert.Single(Lines(text));
    }

    [Fact]
    public void AMetricRepeatedAtTheSameTimeStartsANewLineSoTheLaterValueWins()
    {
        var text = Write((Reading("spo2", 97, T), Assignment), (Reading("spo2", 95, T), Assignment), (Reading("pr", 70, T), Assignment));

        Assert.Equal([" spo2=97 ", " spo2=95,pr=70 "], Lines(text).Select(l => l[l.IndexOf(' ', StringComparison.Ordinal)..(l.LastIndexOf(' ') + 1)]));
    }

    [Fact]
    public void ABacklogThatSpansAHandOverKeepsEachPatientsSeries()
    {
        var handedOver = new AssignmentPeriod(Other, Clinic, T, null);
        var text = Write((Reading("spo2", 97, T) with { PatientId = Patient }, Assignment), (Reading("pr", 72, T) with { PatientId = Other }, handedOver));

        var lines = Lines(text);
        Assert.Equal(2, lines.Length);
        Assert.Contains($"patient={Patient} spo2=97", lines[0], StringComparison.Ordinal);
        Assert.Contains($"patient={Other} pr=72", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void EventsAndTelemetryAreDifferentMeasurements()
    {
        var symptom = Reading("symptom", 0, T) with { Kind = DeviceTopicKind.Events, ValueKind = SenmlValueKind.String, Text = "dyspnea" };
        var text = Write((Reading("spo2", 97, T), Assignment), (symptom, Assignment));

        Assert.Equal(["vitals", "events"], Lines(text).Select(l => l[..l.IndexOf(',', StringComparison.Ordinal)]));
        Assert.Contains("symptom=\"dyspnea\"", Lines(text)[1], StringComparison.Ordinal);
    }

    private static AttributedReading Reading(string name, double value, DateTimeOffset time) =>
        new("ox-1", Patient, Clinic, DeviceTopicKind.Telemetry, name, SenmlValueKind.Number, value, null, false, time, time);

    private static string Write(params (AttributedReading Reading, AssignmentPeriod Assignment)[] readings)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var lines = new ReadingLines(new LineProtocolWriter(buffer));
        foreach (var (reading, assignment) in readings)
        {
            lines.Add(reading, assignment);
        }

        lines.End();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
