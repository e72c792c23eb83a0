using System.Globalization;
using System.Text;

namespace Monitoring.Hub.DataLoss;

/// <summary>
/// The $SYS figures the watch reads (Mosquitto 2.0, every <c>sys_interval</c>): the drop counter (all
/// clients; in this deployment only the hub subscribes to device data), the broker's uptime (its
/// start tells a restarted counter from a lower stale reading), and its store and heap.
/// </summary>
internal sealed class BrokerStats
{
    public const string Dropped = "$SYS/broker/publish/messages/dropped";
    public const string Uptime = "$SYS/broker/uptime";
    public const string StoreCount = "$SYS/broker/store/messages/count";
    public const string StoreBytes = "$SYS/broker/store/messages/bytes";
    public const string RetainedCount = "$SYS/broker/retained messages/count";
    public const string Heap = "$SYS/broker/heap/current";

    public static readonly string[] Topics = [Dropped, Uptime, StoreCount, StoreBytes, RetainedCount, Heap];

    private long _dropped = -1;
    private long _uptimeSeconds = -1;
    private long _storeCount;
    private long _storeBytes;
    private long _retained;
    private long _heap;
    private long _droppedVersion;
    private long _uptimeReadings;

    public long DroppedCounter => Interlocked.Read(ref _dropped);

    /// <summary>Changes with every drop reading, so the watch records each once.</summary>
    public long DroppedVersion => Interlocked.Read(ref _droppedVersion);

    public long UptimeSeconds => Interlocked.Read(ref _uptimeSeconds);

    /// <summary>Uptime readings of the current broker run (a lower uptime starts a new run).</summary>
    public long UptimeReadings => Interlocked.Read(ref _uptimeReadings);

    /// <summary>Stored messages that are not retained ones: what the broker holds in sessions' queues and in flight.</summary>
    public long Queued => Math.Max(0, Interlocked.Read(ref _storeCount) - Interlocked.Read(ref _retained));

    public long StoreBytesValue => Interlocked.Read(ref _storeBytes);

    public long HeapBytes => Interlocked.Read(ref _heap);

    /// <summary>
    /// Mosquitto publishes (and retains) a $SYS value only when it changes, so a broker that never
    /// dropped may never send the counter at all: after two uptime readings without it, it is 0 for this run.
    /// </summary>
    public void AssumeNoDropsYet()
    {
        if (DroppedCounter < 0 && UptimeReadings >= 2)
        {
            Interlocked.Exchange(ref _dropped, 0);
            Interlocked.Increment(ref _droppedVersion);
        }
    }

    /// <summary>Takes one $SYS message; false when the topic or value is not one of ours.</summary>
    public bool Take(string topic, ReadOnlySpan<byte> payload)
    {
        // "123" or, for the uptime, "123 seconds".
        var text = Encoding.ASCII.GetString(payload).Trim();
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        if (!long.TryParse(space < 0 ? text : text[..space], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        switch (topic)
        {
            case Dropped:
                Interlocked.Exchange(ref _dropped, value);
                Interlocked.Increment(ref _droppedVersion);
                return true;
            case Uptime:
                if (Interlocked.Exchange(ref _uptimeSeconds, value) > value)
                {
                    // The broker restarted: its drop counter starts again (and is published only once it changes).
                    Interlocked.Exchange(ref _dropped, -1);
                    Interlocked.Exchange(ref _uptimeReadings, 0);
                }

                Interlocked.Increment(ref _uptimeReadings);
                return true;
            case StoreCount:
                Interlocked.Exchange(ref _storeCount, value);
                return true;
            case StoreBytes:
                Interlocked.Exchange(ref _storeBytes, value);
                return true;
            case RetainedCount:
                Interlocked.Exchange(ref _retained, value);
                return true;
            case Heap:
                Interlocked.Exchange(ref _heap, value);
                return true;
            default:
                return false;
        }
    }
}
