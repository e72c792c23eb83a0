using System.Diagnostics;

namespace Monitoring.Mqtt.Benchmarks;

public sealed record SustainedResult(
    int Publishers,
    TimeSpan Duration,
    long Published,
    long ReceivedInWindow,
    long Received,
    long Duplicates,
    double SecondsToDrain,
    double BrokerCpuSeconds,
    double BenchmarkCpuSeconds)
{
    public const double TargetMessagesPerSecond = 50_000;

    public double PublishedPerSecond => Published / Duration.TotalSeconds;

    /// <summary>What the subscriber took in while the publishers were running.</summary>
    public double SubscriberPerSecond => ReceivedInWindow / Duration.TotalSeconds;

    public long Lost => Published - Received;

    /// <summary>While publishing, in percent of one core.</summary>
    public double BrokerCpuPercent => 100 * BrokerCpuSeconds / Duration.TotalSeconds;

    /// <summary>This process (publishers and subscriber) while publishing, in percent of one core.</summary>
    public double BenchmarkCpuPercent => 100 * BenchmarkCpuSeconds / Duration.TotalSeconds;
}

/// <summary>
/// Several publisher connections send QoS 1 as fast as they can for a fixed time into one
/// subscriber that acknowledges every message by hand: the hub's ingestion shape.
/// </summary>
public static class SustainedRun
{
    private const int SequenceStride = 10_000_000;

    public static async Task<SustainedResult> RunAsync(
        BenchBroker broker, SenmlPayload payload, CpuMeter cpu, int publisherCount, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(cpu);
        var brokerPid = broker.Process.ProcessId ?? throw new InvalidOperationException("The broker is not running.");
        var topic = $"bench/{Guid.NewGuid():N}/sustained";
        var tracker = new SequenceTracker(publisherCount * SequenceStride);
        await using var subscriber = new ClientSubscriber(broker, "bench-sustained-sub");
        await subscriber.StartAsync(topic, MqttQualityOfService.AtLeastOnce, 0, tracker, cancellationToken);

        var publishers = Enumerable.Range(0, publisherCount)
            .Select(p => new ClientPublisher(broker, payload, $"bench-sustained-pub-{p}", p * SequenceStride))
            .ToList();
        try
        {
            foreach (var publisher in publishers)
            {
                await publisher.PrepareAsync(cancellationToken);
            }

            using var self = Process.GetCurrentProcess();
            var brokerCpuBefore = cpu.CpuSeconds(brokerPid);
            var selfCpuBefore = cpu.CpuSeconds(self.Id);
            var start = Stopwatch.GetTimestamp();
            var sending = publishers
                .Select(p => Task.Run(
                    () => p.PublishUntilAsync(
                        topic,
                        MqttQualityOfService.AtLeastOnce,
                        i => i < SequenceStride && Stopwatch.GetElapsedTime(start) < duration,
                        cancellationToken),
                    cancellationToken))
                .ToList();
            await Task.Delay(duration, cancellationToken);
            var receivedInWindow = tracker.Unique;
            var brokerCpu = cpu.CpuSeconds(brokerPid) - brokerCpuBefore;
            var selfCpu = cpu.CpuSeconds(self.Id) - selfCpuBefore;
            await Task.WhenAll(sending);

            var published = publishers.Sum(p => p.Published);
            var stopped = Stopwatch.GetTimestamp();
            await ThroughputRun.WaitForDrainAsync(tracker, published, cancellationToken);
            var drained = tracker.LastReceiptTimestamp > stopped
                ? Stopwatch.GetElapsedTime(stopped, tracker.LastReceiptTimestamp).TotalSeconds
                : 0;
            return new SustainedResult(
                publisherCount, duration, published, receivedInWindow, tracker.Unique, tracker.Duplicates, drained, brokerCpu, selfCpu);
        }
        finally
        {
            foreach (var publisher in publishers)
            {
                await publisher.DisposeAsync();
            }
        }
    }
}
