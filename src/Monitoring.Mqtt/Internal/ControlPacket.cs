using Monitoring.Mqtt.Packets;

namespace Monitoring.Mqtt.Internal;

/// <summary>
/// A packet for the writer loop's priority lane: PUBREL, PUBCOMP, PINGREQ (identifier only, nothing allocated),
/// SUBSCRIBE and UNSUBSCRIBE (encoded from <see cref="Operation"/>).
/// </summary>
internal readonly record struct ControlPacket(MqttPacketType Type, ushort PacketId, InflightOperation? Operation = null);
