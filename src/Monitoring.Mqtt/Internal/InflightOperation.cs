namespace Monitoring.Mqtt.Internal;

/// <summary>A client packet that holds a Packet Identifier until the broker answers it (PUBLISH QoS 1/2, SUBSCRIBE, UNSUBSCRIBE).</summary>
internal abstract class InflightOperation
{
    public ushort PacketId { get; set; }

    /// <summary>Order of registration, so retransmissions keep the original order (spec 4.6).</summary>
    public long Sequence { get; set; }

    /// <summary>
    /// The connection that last wrote this packet. A packet can reach a writer twice (from the queue and from the
    /// retransmission after a reconnect); the writer skips it when it already went out on its connection.
    /// </summary>
    public int WrittenOnConnection { get; set; }

    public abstract bool IsCompleted { get; }

    public abstract void Fail(Exception exception);
}
