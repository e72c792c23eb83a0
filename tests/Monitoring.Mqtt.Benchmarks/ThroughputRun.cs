using System.Diagnostics;

namespace Monitoring.Mqtt.Benchmarks;

public sealed record ThroughputResult(
    string Publisher,
    string Subscriber,
    MqttQualityOfService Qos,
    int Sent,
    long Received,
    long Duplicates,
    long Unreadable,
    double Seconds,
    double BrokerCpuSeconds)
{
    public long Lost => Sent - Received;

    public double MessagesPerSecond => Seconds > 0 ? Received / Seconds : 0;

    /// <summary>Broker CPU over the timed span, in percent of one core.</summary>
    public double BrokerCpuPercent => Seconds > 0 ? 100 * BrokerCpuSeconds / Seconds : 0;
}

/// <summary>
/// N messages from one publisher connection to one subscriber connection, timed from the
/// first publish to the last receipt. Waits for stragglers until nothing arrives for a while,
/// then counts what never came.
/// </summary>
public static class ThroughputRun
{
    public static readonly TimeSpan IdleLimit = TimeSpan.FromSeconds(5);

    public static async Task<ThroughputResult> RunAsync(
        IBenchPublisher publisher,
        IBenchSubscriber subscriber,
        MqttQualityOfService qos,
        int count,
        Func<double> brokerCpuSeconds,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(brokerCpuSeconds);
        await using (publisher)
        await using (subscriber)
        {
            var topic = $"bench/{Guid.NewGuid():N}/qos{(int)qos}";
            var tracker = new SequenceTracker(count);
            await subscriber.StartAsync(topic, qos, count, tracker, cancellationToken);
            await publisher.PrepareAsync(cancellationToken);

            var cpuBefore = brokerCpuSeconds();
            var start = Stopwatch.GetTimestamp();
            await publisher.PublishAsync(topic, qos, count, cancellationToken);
            await WaitForDrainAsync(tracker, count, cancellationToken);
            // Read after the drain wait, which may idle for IdleLimit: an idle broker adds no CPU time.
            var cpu = brokerCpuSeconds() - cpuBefore;

            var end = tracker.LastReceiptTimestamp;
            var seconds = end == 0 ? 0 : Stopwatch.GetElapsedTime(start, end).TotalSeconds;
            return new ThroughputResult(
                publisher.Name, subscriber.Name, qos, count, tracker.Unique, tracker.Duplicates, tracker.Unreadable, seconds, cpu);
        }
    }

    /// <summary>Until all <paramref name="expected"/> arrived, or nothing arrived for <see cref="IdleLimit"/>.</summary>
    public static async Task WaitForDrainAsync(SequenceTracker tracker, long expected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        var lastCount = -1L;
        var idle = Stopwatch.StartNew();
        while (tracker.Unique < expected && idle.Elapsed < IdleLimit)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
            if (tracker.Received != lastCount)
            {
                lastCount = tracker.Received;
                idle.Restart();
            }
        }
    }
}
