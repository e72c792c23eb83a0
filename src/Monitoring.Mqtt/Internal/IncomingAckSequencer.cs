using System.Buffers;
using Monitoring.Mqtt.Formatter;
using Monitoring.Mqtt.Packets;

namespace Monitoring.Mqtt.Internal;

/// <summary>
/// Puts the consumer's acknowledgements of one connection back into arrival order. Spec 4.6 requires PUBACK
/// (QoS 1) and PUBREC (QoS 2) in the order the PUBLISH packets were received; consumers acknowledge in any order.
/// Each QoS 1/2 message takes the next sequence number; an acknowledgement marks its slot in a ring, and the run of
/// acknowledged slots at the front becomes due. The writer loop drains due acknowledgements in one batch, so a burst
/// costs one wake-up and one socket write, and nothing is allocated per message.
/// <para>
/// Flow control: when <see cref="Limit"/> messages are registered but their acknowledgements not yet written, the
/// read loop waits in <see cref="WaitForRoomAsync"/> until the front is acknowledged. A conforming broker never gets
/// there (it stops at its own in-flight maximum), but Mosquitto 2.0 does: after a persistent session reconnects in
/// the middle of acknowledging, it resends the old in-flight messages and keeps filling a fresh quota beside them,
/// so one unacknowledged message at the front let it push the whole queued backlog (seen: 80,000 unacknowledged
/// with max_inflight_messages 20000). Waiting pushes back through TCP instead of failing the connection.
/// </para>
/// </summary>
internal sealed class IncomingAckSequencer
{
    /// <summary>A conforming broker has at most 65535 unacknowledged identifiers towards us (spec 2.3.1).</summary>
    public const int Limit = ushort.MaxValue;

    private readonly Lock _lock = new();
    private readonly IncomingQos2Store _qos2;
    private readonly Action _onDue;
    private Entry[] _ring = new Entry[256];
    private long _written;
    private long _due;
    private long _next;
    private bool _closed;
    private TaskCompletionSource? _room;

    public IncomingAckSequencer(IncomingQos2Store qos2, Action onDue)
    {
        _qos2 = qos2;
        _onDue = onDue;
    }

    /// <summary>Takes the next sequence number for a received QoS 1/2 PUBLISH; <paramref name="acknowledged"/> for one answered without delivery.</summary>
    public long Register(ushort packetId, bool exactlyOnce, bool acknowledged = false)
    {
        long sequence;
        var becameDue = false;
        lock (_lock)
        {
            if (_next - _written == _ring.Length)
            {
                Grow();
            }

            sequence = _next++;
            _ring[sequence & (_ring.Length - 1)] = new Entry(packetId, exactlyOnce, acknowledged);
            if (acknowledged && sequence == _due)
            {
                becameDue = AdvanceDue();
            }
        }

        if (becameDue)
        {
            _onDue();
        }

        return sequence;
    }

    /// <summary>Records the consumer's acknowledgement; idempotent, and a no-op once the connection is closed.</summary>
    public void Acknowledge(long sequence)
    {
        var becameDue = false;
        lock (_lock)
        {
            if (_closed || sequence < _due || sequence >= _next)
            {
                return;
            }

            ref var entry = ref _ring[sequence & (_ring.Length - 1)];
            if (entry.Acknowledged)
            {
                return;
            }

            entry.Acknowledged = true;
            if (entry.ExactlyOnce)
            {
                // From here on a redelivery of this identifier is answered, not delivered again (spec 4.3.3).
                _qos2.Add(entry.PacketId);
            }

            if (sequence == _due)
            {
                becameDue = AdvanceDue();
            }
        }

        if (becameDue)
        {
            _onDue();
        }
    }

    /// <summary>Messages registered whose acknowledgement is not yet written.</summary>
    public int Outstanding
    {
        get
        {
            lock (_lock)
            {
                return (int)(_next - _written);
            }
        }
    }

    /// <summary>Completes at once below <see cref="Limit"/>; otherwise when the writer has drained below it, or the connection closed.</summary>
    public Task WaitForRoomAsync()
    {
        // _next moves only on the read loop, which is the caller; a stale _written only sends us to the lock.
        if (_next - Volatile.Read(ref _written) < Limit)
        {
            return Task.CompletedTask;
        }

        lock (_lock)
        {
            if (_closed || _next - _written < Limit)
            {
                return Task.CompletedTask;
            }

            _room ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _room.Task;
        }
    }

    /// <summary>Writes every due PUBACK/PUBREC, in arrival order; returns how many.</summary>
    public int Drain(IBufferWriter<byte> output)
    {
        lock (_lock)
        {
            var count = (int)(_due - _written);
            for (; _written < _due; _written++)
            {
                var entry = _ring[_written & (_ring.Length - 1)];
                MqttPacketEncoder.WriteIdentifierOnly(output, entry.ExactlyOnce ? MqttPacketType.PubRec : MqttPacketType.PubAck, entry.PacketId);
            }

            if (_room is not null && _next - _written < Limit)
            {
                _room.TrySetResult();
                _room = null;
            }

            return count;
        }
    }

    /// <summary>The connection is gone: later acknowledgements are dropped (the broker redelivers, spec 4.4).</summary>
    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
            _room?.TrySetResult();
            _room = null;
        }
    }

    /// <summary>True when the front was empty and now holds due acknowledgements: the writer needs a wake-up.</summary>
    private bool AdvanceDue()
    {
        var wasIdle = _due == _written;
        while (_due < _next && _ring[_due & (_ring.Length - 1)].Acknowledged)
        {
            _due++;
        }

        return wasIdle && _due > _written;
    }

    private void Grow()
    {
        var larger = new Entry[_ring.Length * 2];
        for (var sequence = _written; sequence < _next; sequence++)
        {
            larger[sequence & (larger.Length - 1)] = _ring[sequence & (_ring.Length - 1)];
        }

        _ring = larger;
    }

    private struct Entry(ushort packetId, bool exactlyOnce, bool acknowledged)
    {
        public readonly ushort PacketId = packetId;
        public readonly bool ExactlyOnce = exactlyOnce;
        public bool Acknowledged = acknowledged;
    }
}
