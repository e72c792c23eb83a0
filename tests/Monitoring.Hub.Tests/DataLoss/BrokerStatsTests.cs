using System.Text;
using Monitoring.Hub.DataLoss;

namespace Monitoring.Hub.Tests.DataLoss;

/// <summary>Reading Mosquitto 2.0's $SYS values (pure parsing; the real broker is in DataLossAlarmTests).</summary>
public sealed class BrokerStatsTests
{
    [Fact]
    public void TheCountersUptimeAndQueueAreReadAndTheRetainedMessagesAreNotQueue()
    {
        var stats = new BrokerStats();
        Assert.True(Take(stats, BrokerStats.Dropped, "340"));
        Assert.True(Take(stats, BrokerStats.Uptime, "2646 seconds"));
        Assert.True(Take(stats, BrokerStats.StoreCount, "1020052"));
        Assert.True(Take(stats, BrokerStats.RetainedCount, "52"));
        Assert.True(Take(stats, BrokerStats.StoreBytes, "89000000"));

        Assert.Equal(340, stats.DroppedCounter);
        Assert.Equal(2646, stats.UptimeSeconds);
        Assert.Equal(1_020_000, stats.Queued);
        Assert.Equal(89_000_000, stats.StoreBytesValue);
    }

    [Fact]
    public void AHeapFigureMosquittoGotWrongIsIgnored()
    {
        // Seen on 2.0.11: the heap counter underflows and prints as a huge unsigned number.
        var stats = new BrokerStats();
        Assert.False(Take(stats, BrokerStats.Heap, "18446744073709039984"));
        Assert.Equal(0, stats.HeapBytes);
    }

    [Fact]
    public void ACounterNeverPublishedIsZeroAfterTwoUptimeReadingsAndARestartForgetsTheOldRunsCount()
    {
        var stats = new BrokerStats();
        Take(stats, BrokerStats.Uptime, "10 seconds");
        stats.AssumeNoDropsYet();
        Assert.Equal(-1, stats.DroppedCounter);

        Take(stats, BrokerStats.Uptime, "15 seconds");
        stats.AssumeNoDropsYet();
        Assert.Equal(0, stats.DroppedCounter);

        Take(stats, BrokerStats.Dropped, "12");
        Take(stats, BrokerStats.Uptime, "3 seconds");
        Assert.Equal(-1, stats.DroppedCounter);
    }

    private static bool Take(BrokerStats stats, string topic, string value) => stats.Take(topic, Encoding.ASCII.GetBytes(value));
}
