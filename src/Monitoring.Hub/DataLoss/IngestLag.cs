using System.Collections.Concurrent;
using Monitoring.Hub.Ingestion;

namespace Monitoring.Hub.DataLoss;

/// <summary>
/// The hub's lag: the age of the oldest message it has not acknowledged. Two views, the larger wins:
/// <list type="bullet">
/// <item>messages the hub holds (received, not yet durable), oldest first; their acknowledgements are
/// in order, so the head is the oldest;</item>
/// <item>what the broker holds for the hub, which the hub cannot see: a <see cref="LagProbe"/> waits in
/// the same queue, so its age on arrival, or the age of the oldest own probe still under way, is that
/// part. The issue behind this class: the hub's own backlog stayed below 13,200 messages while the
/// broker held a million for it.</item>
/// </list>
/// With a shared subscription another hub may take this hub's probe, so only arrivals count there.
/// </summary>
public sealed class IngestLag
{
    /// <summary>Probes older than this are forgotten (a probe the broker refused, e.g. an ACL missing).</summary>
    private static readonly TimeSpan ForgetProbesAfter = TimeSpan.FromHours(1);

    private readonly ConcurrentQueue<IngestMessage> _held = new();
    private readonly ConcurrentDictionary<long, DateTimeOffset> _underWay = new();
    private readonly TimeProvider _time;
    private long _lastProbeLagTicks = -1;
    private long _lastProbeAtTicks;
    private long _probesArrived;

    public IngestLag(TimeProvider time) => _time = time;

    /// <summary>Whether the consumer should track messages (the watch runs).</summary>
    public bool Enabled { get; set; }

    /// <summary>Whether own probes under way count (plain subscription: every own probe comes back here).</summary>
    public bool CountUnderWay { get; set; } = true;

    public string ClientId { get; set; } = "";

    public long ProbesArrived => Interlocked.Read(ref _probesArrived);

    /// <summary>A message the hub now holds unacknowledged (from the consumer's read loop).</summary>
    public void Track(IngestMessage message)
    {
        if (Enabled)
        {
            _held.Enqueue(message);
        }
    }

    public void ProbeSent(long sequence, DateTimeOffset sentAt)
    {
        if (CountUnderWay)
        {
            _underWay[sequence] = sentAt;
        }
    }

    /// <summary>A probe came back through the hub's subscription (from the consumer's read loop).</summary>
    public void ProbeArrived(ReadOnlySpan<byte> payload)
    {
        if (!LagProbe.TryDecode(payload, out var clientId, out var sequence, out var sentAt))
        {
            return;
        }

        var now = _time.GetUtcNow();
        Interlocked.Exchange(ref _lastProbeLagTicks, Math.Max(0, (now - sentAt).Ticks));
        Interlocked.Exchange(ref _lastProbeAtTicks, now.UtcTicks);
        Interlocked.Increment(ref _probesArrived);
        if (clientId == ClientId)
        {
            // Queues deliver in order: every own probe sent before this one has come back or never will.
            foreach (var key in _underWay.Keys.Where(k => k <= sequence))
            {
                _underWay.TryRemove(key, out _);
            }
        }
    }

    /// <summary>The current lag, and how many messages the hub holds unacknowledged (trims acknowledged ones; one caller at a time).</summary>
    public TimeSpan Current()
    {
        var now = _time.GetUtcNow();
        var lag = TimeSpan.Zero;
        while (_held.TryPeek(out var head) && head.IsAcknowledged)
        {
            _held.TryDequeue(out _);
        }

        if (_held.TryPeek(out var oldest))
        {
            lag = Max(lag, now - oldest.ReceivedAt);
        }

        // A measured probe lag holds until the next probe is due and a little more.
        var lastLag = Interlocked.Read(ref _lastProbeLagTicks);
        if (lastLag >= 0)
        {
            lag = Max(lag, TimeSpan.FromTicks(lastLag));
        }

        // Only once probes are known to come back (an older broker ACL may refuse them for ever).
        if (CountUnderWay && ProbesArrived > 0)
        {
            foreach (var (sequence, sentAt) in _underWay)
            {
                if (now - sentAt > ForgetProbesAfter)
                {
                    _underWay.TryRemove(sequence, out _);
                }
                else
                {
                    lag = Max(lag, now - sentAt);
                }
            }
        }

        return lag;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
