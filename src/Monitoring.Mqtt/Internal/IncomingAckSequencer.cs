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
/// </summary>
internal sealed class IncomingAckSequencer
{
    // A conforming broker has at most 65535 unacknowledged identifiers towards us; redeliveries answered at once
    // may sit beside them until the writer drains. More than this means the broker ignores the protocol.
    private const int MaxOutstanding = 2 * (ushort.MaxValue + 1);

    private readonly Lock _lock = new();
    private readonly IncomingQos2Store _qos2;
    private readonly Action _onDue;
    private Entry[] _ring = new Entry[256];
    private long _written;
    private long _due;
    private long _next;
    private bool _closed;

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

            return count;
        }
    }

    /// <summary>The connection is gone: later acknowledgements are dropped (the broker redelivers, spec 4.4).</summary>
    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
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
        if (_ring.Length >= MaxOutstanding)
        {
            throw new MqttProtocolViolationException($"The broker has more than {MaxOutstanding} unacknowledged messages outstanding; Packet Identifiers allow 65535 (spec 2.3.1).");
        }

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
