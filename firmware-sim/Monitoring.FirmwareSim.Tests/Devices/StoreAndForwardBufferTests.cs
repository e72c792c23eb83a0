using Monitoring.Contracts.Events;
using Monitoring.Contracts.Metrics;
using Monitoring.Contracts.Senml;
using Monitoring.Contracts.Topics;
using Monitoring.FirmwareSim.Devices;
using Monitoring.FirmwareSim.Tests.Support;

namespace Monitoring.FirmwareSim.Tests.Devices;

public sealed class StoreAndForwardBufferTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 10, 8, 0, 0, 123, TimeSpan.Zero);

    [Fact]
    public void ABacklogIsOnePackThatRoundTripsThroughTheHubParserWithItsAbsoluteTimes()
    {
        var buffer = new StoreAndForwardBuffer();
        var expected = new List<Reading>();
        for (var i = 0; i < 240; i++)
        {
            // 20 minutes of oximeter readings every 5 s, with odd milliseconds.
            var at = Start + TimeSpan.FromMilliseconds((5000 * i) + (i % 7));
            Reading[] sample =
            [
                new(MetricNames.Spo2, 95 - (i % 4), at),
                new(MetricNames.PulseRate, 80 + (i % 9), at),
                new(MetricNames.PerfusionIndex, 3.1, at),
            ];
            expected.AddRange(sample);
            buffer.AddRange(sample);
        }

        buffer.Add(new Reading(MetricNames.Battery, 41, Start + TimeSpan.FromMinutes(19)));
        expected.Add(new Reading(MetricNames.Battery, 41, Start + TimeSpan.FromMinutes(19)));

        var payload = buffer.DrainTelemetry("ox-0001");

        Assert.NotNull(payload);
        Assert.Equal(0, buffer.Count);
        Assert.Null(buffer.DrainTelemetry("ox-0001"));
        var readings = Senml.ParseValid(payload, "ox-0001", DeviceTopicKind.Telemetry, Start + TimeSpan.FromMinutes(40));
        Assert.Equal(expected.Count, readings.Count);
        var actual = readings.Select(r => (r.Name, r.Value, r.Time)).OrderBy(x => x.Time).ThenBy(x => x.Name, StringComparer.Ordinal).ToList();
        var wanted = expected.Select(r => (r.Name, r.Value, r.Time)).OrderBy(x => x.Time).ThenBy(x => x.Name, StringComparer.Ordinal).ToList();
        Assert.Equal(wanted, actual);
        Assert.All(readings, r => Assert.Equal("ox-0001", r.DeviceId));

        // One base time, relative times after it (RFC 8428 §4.5.3).
        var text = System.Text.Encoding.UTF8.GetString(payload);
        Assert.Equal(1, CountOf(text, "\"bt\":"));
        Assert.Equal(1, CountOf(text, "\"bn\":\"urn:dev:id:ox-0001:\""));
        Assert.StartsWith("[{\"bn\":\"urn:dev:id:ox-0001:\",\"bt\":1768032000.123,", text, StringComparison.Ordinal);
    }

    [Fact]
    public void AFullBufferOverwritesTheOldestReadingsAndCountsThem()
    {
        var buffer = new StoreAndForwardBuffer(capacity: 3);
        for (var i = 0; i < 5; i++)
        {
            buffer.Add(new Reading(MetricNames.Spo2, 90 + i, Start + TimeSpan.FromSeconds(i)));
        }

        var readings = Senml.ParseValid(buffer.DrainTelemetry("ox-1")!, "ox-1", DeviceTopicKind.Telemetry, Start + TimeSpan.FromMinutes(1));
        Assert.Equal(2, buffer.Dropped);
        Assert.Equal([92.0, 93.0, 94.0], readings.Select(r => r.Value));
    }

    [Fact]
    public void BufferedEventsGoOutAsOneEventsPack()
    {
        var buffer = new StoreAndForwardBuffer();
        buffer.Add(new DeviceEvent(EventNames.Symptom, Symptoms.Dyspnea, null, Start));
        buffer.Add(new DeviceEvent(EventNames.Antigen, null, true, Start + TimeSpan.FromMinutes(3)));

        var readings = Senml.ParseValid(buffer.DrainEvents("ox-1")!, "ox-1", DeviceTopicKind.Events, Start + TimeSpan.FromMinutes(5));

        Assert.Equal(2, readings.Count);
        Assert.Equal((EventNames.Symptom, SenmlValueKind.String, Symptoms.Dyspnea, Start), (readings[0].Name, readings[0].Kind, readings[0].Text, readings[0].Time));
        Assert.Equal((EventNames.Antigen, SenmlValueKind.Boolean, true, Start + TimeSpan.FromMinutes(3)), (readings[1].Name, readings[1].Kind, readings[1].Flag, readings[1].Time));
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
