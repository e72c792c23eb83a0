using System.Diagnostics;

namespace Monitoring.Mqtt.Benchmarks;

/// <summary>Counts what one subscriber received: distinct sequence numbers, duplicates, unreadable payloads, time of the last receipt.</summary>
public sealed class SequenceTracker
{
    private readonly ulong[] _seen;
    private long _received;
    private long _unique;
    private long _duplicates;
    private long _unreadable;
    private long _lastReceiptTimestamp;

    public SequenceTracker(int capacity) => _seen = new ulong[(capacity + 63) / 64];

    public long Received => Volatile.Read(ref _received);

    public long Unique => Volatile.Read(ref _unique);

    public long Duplicates => Volatile.Read(ref _duplicates);

    public long Unreadable => Volatile.Read(ref _unreadable);

    /// <summary><see cref="Stopwatch"/> timestamp of the last receipt; 0 before the first.</summary>
    public long LastReceiptTimestamp => Volatile.Read(ref _lastReceiptTimestamp);

    /// <summary>Called by one receiving loop at a time.</summary>
    public void Record(ReadOnlySpan<byte> payload)
    {
        Volatile.Write(ref _lastReceiptTimestamp, Stopwatch.GetTimestamp());
        Interlocked.Increment(ref _received);
        if (!SenmlPayload.TryReadSequence(payload, out var sequence) || sequence < 0 || sequence >= _seen.Length * 64)
        {
            Interlocked.Increment(ref _unreadable);
            return;
        }

        ref var word = ref _seen[sequence >> 6];
        var bit = 1UL << (sequence & 63);
        if ((word & bit) != 0)
        {
            Interlocked.Increment(ref _duplicates);
            return;
        }

        word |= bit;
        Interlocked.Increment(ref _unique);
    }
}
