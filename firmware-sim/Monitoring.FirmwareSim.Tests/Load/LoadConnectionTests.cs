using Monitoring.Contracts.Metrics;
using Monitoring.Contracts.Topics;
using Monitoring.FirmwareSim.Load;
using Monitoring.FirmwareSim.Tests.Support;

namespace Monitoring.FirmwareSim.Tests.Load;

public sealed class LoadConnectionTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AConnectionPublishesAtItsRateInFakeTimeWithContiguousSequences()
    {
        var time = new ManualTimeProvider(Start);
        var publisher = new RecordingLoadPublisher(time);
        var devices = Enumerable.Range(1, 10).Select(i => new LoadDevice($"load-{i:00000}", 97, 75)).ToList();
        var connection = new LoadConnection(devices, publisher, new TokenBucket(200, 20, time), new LoadStats(), null, time, new Random(1), maxPending: 100);

        var run = connection.RunAsync(Start + TimeSpan.FromSeconds(5), CancellationToken.None);
        await time.RunUntilAsync(run, TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(6));

        // 200/s for 5 s, paced: no burst at the start, none lost.
        Assert.InRange(publisher.Sent.Count, 995, 1000);
        var perSecond = publisher.Sent.GroupBy(m => (int)(m.At - Start).TotalSeconds).Select(g => g.Count()).ToList();
        Assert.All(perSecond, n => Assert.InRange(n, 195, 205));
        foreach (var device in devices)
        {
            var sequences = publisher.Sent.Where(m => m.Topic == device.Topic).Select(m => Sequence(m.Payload)).ToList();
            Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);
        }
    }

    [Fact]
    public async Task AHighRateIsSentInBatchesWithoutWaitingLessThanAMillisecond()
    {
        // 5000/s means a token every 0.2 ms; the loop must wait 1 ms and send ~5 at a time, not spin.
        var time = new ManualTimeProvider(Start);
        var publisher = new RecordingLoadPublisher(time);
        var devices = Enumerable.Range(1, 100).Select(i => new LoadDevice($"load-{i:00000}", 97, 75)).ToList();
        var connection = new LoadConnection(devices, publisher, new TokenBucket(5000, 500, time), new LoadStats(), null, time, new Random(1), maxPending: 1000);

        var run = connection.RunAsync(Start + TimeSpan.FromSeconds(2), CancellationToken.None);
        await time.RunUntilAsync(run, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(3));

        Assert.InRange(publisher.Sent.Count, 9990, 10000);
        Assert.True(publisher.Sent.GroupBy(m => m.At).Count() <= 2001, "one batch per millisecond at most");
    }

    [Fact]
    public async Task AnInjectedDesaturationGoesIntoTheDevicesNextMessagesAndIsReported()
    {
        var time = new ManualTimeProvider(Start);
        var publisher = new RecordingLoadPublisher(time);
        var devices = Enumerable.Range(1, 4).Select(i => new LoadDevice($"load-{i:00000}", 97, 75)).ToList();
        using var csv = new StringWriter();
        using var report = new DesaturationReport(csv);
        var connection = new LoadConnection(devices, publisher, new TokenBucket(40, 4, time), new LoadStats(), report, time, new Random(1), maxPending: 10);
        connection.Inject(2, new DesaturationInjection(1, 2, Start, Readings: 3, Nadir: 88));

        var run = connection.RunAsync(Start + TimeSpan.FromSeconds(2), CancellationToken.None);
        await time.RunUntilAsync(run, TimeSpan.FromMilliseconds(25), TimeSpan.FromSeconds(3));

        var third = publisher.Sent.Where(m => m.Topic == devices[2].Topic).ToList();
        var spo2 = third.Select(m => Senml.ParseValid(m.Payload, devices[2].Id, DeviceTopicKind.Telemetry, m.At).Single(r => r.Name == MetricNames.Spo2).Value).ToList();
        Assert.All(spo2.Take(3), v => Assert.InRange(v, 87, 89));
        Assert.All(spo2.Skip(3), v => Assert.InRange(v, 95, 100));
        Assert.All(publisher.Sent.Where(m => m.Topic != devices[2].Topic), m =>
            Assert.True(Senml.ParseValid(m.Payload, DeviceId(m.Topic), DeviceTopicKind.Telemetry, m.At).Single(r => r.Name == MetricNames.Spo2).Value >= 95));

        var lines = csv.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(DesaturationReport.Header, lines[0]);
        Assert.Equal(3, lines.Length - 1);
        Assert.All(lines.Skip(1), l => Assert.StartsWith("1,load-00003,", l, StringComparison.Ordinal));
    }

    private static long Sequence(byte[] payload)
    {
        Assert.True(LoadPayload.TryReadSequence(payload, out var sequence));
        return sequence;
    }

    private static string DeviceId(string topic)
    {
        Assert.True(DeviceTopics.TryParse(topic, out var id, out _));
        return id;
    }
}
