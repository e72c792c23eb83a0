namespace Monitoring.Mqtt.Internal;

/// <summary>
/// Packet Identifiers of QoS 2 messages the consumer has acknowledged (PUBREC due or sent) and whose PUBREL has not
/// arrived yet (spec 4.3.3, method B). A PUBLISH with such an identifier is a redelivery: answered, not delivered twice.
/// Part of the session: kept across reconnects while the broker keeps the session.
/// </summary>
internal sealed class IncomingQos2Store
{
    private readonly Lock _lock = new();
    private readonly HashSet<ushort> _ids = [];

    public void Add(ushort packetId)
    {
        lock (_lock)
        {
            _ids.Add(packetId);
        }
    }

    public bool Contains(ushort packetId)
    {
        lock (_lock)
        {
            return _ids.Contains(packetId);
        }
    }

    public void Remove(ushort packetId)
    {
        lock (_lock)
        {
            _ids.Remove(packetId);
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _ids.Clear();
        }
    }
}
