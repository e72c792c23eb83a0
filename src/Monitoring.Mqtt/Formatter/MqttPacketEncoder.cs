using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Monitoring.Mqtt.Packets;

namespace Monitoring.Mqtt.Formatter;

/// <summary>
/// Encodes MQTT 3.1.1 control packets into an <see cref="IBufferWriter{T}"/> (a pipe writer on the hot path, so
/// no intermediate arrays). Invalid input (a string over 65535 bytes, a packet over the maximum Remaining Length,
/// a missing Packet Identifier) throws <see cref="ArgumentException"/>: the encoder never writes a malformed packet.
/// </summary>
internal static class MqttPacketEncoder
{
    public static void Encode(MqttPacket packet, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(packet);
        ArgumentNullException.ThrowIfNull(output);
        switch (packet)
        {
            case MqttConnectPacket connect:
                WriteConnect(output, connect);
                break;
            case MqttConnAckPacket connAck:
                WriteConnAck(output, connAck);
                break;
            case MqttPublishPacket publish:
                WritePublish(output, publish.Topic, publish.Payload.Span, publish.Qos, publish.Retain, publish.Duplicate, publish.PacketId);
                break;
            case MqttPubAckPacket pubAck:
                WriteIdentifierOnly(output, MqttPacketType.PubAck, pubAck.PacketId);
                break;
            case MqttPubRecPacket pubRec:
                WriteIdentifierOnly(output, MqttPacketType.PubRec, pubRec.PacketId);
                break;
            case MqttPubRelPacket pubRel:
                WriteIdentifierOnly(output, MqttPacketType.PubRel, pubRel.PacketId);
                break;
            case MqttPubCompPacket pubComp:
                WriteIdentifierOnly(output, MqttPacketType.PubComp, pubComp.PacketId);
                break;
            case MqttSubscribePacket subscribe:
                WriteSubscribe(output, subscribe.PacketId, subscribe.Filters);
                break;
            case MqttSubAckPacket subAck:
                WriteSubAck(output, subAck);
                break;
            case MqttUnsubscribePacket unsubscribe:
                WriteUnsubscribe(output, unsubscribe.PacketId, unsubscribe.Filters);
                break;
            case MqttUnsubAckPacket unsubAck:
                WriteIdentifierOnly(output, MqttPacketType.UnsubAck, unsubAck.PacketId);
                break;
            default:
                WriteEmpty(output, packet.Type);
                break;
        }
    }

    /// <summary>Remaining Length of a PUBLISH (spec 3.3.2, 3.3.3): topic with its length prefix, Packet Identifier for QoS > 0, payload.</summary>
    public static long GetPublishRemainingLength(int topicByteCount, int payloadLength, MqttQualityOfService qos) =>
        2L + topicByteCount + (qos == MqttQualityOfService.AtMostOnce ? 0 : 2) + payloadLength;

    public static void WritePublish(
        IBufferWriter<byte> output,
        string topic,
        ReadOnlySpan<byte> payload,
        MqttQualityOfService qos,
        bool retain,
        bool duplicate,
        ushort packetId)
    {
        if (qos != MqttQualityOfService.AtMostOnce && packetId == 0)
        {
            throw new ArgumentException("QoS 1 and 2 PUBLISH need a non-zero Packet Identifier (spec 2.3.1).", nameof(packetId));
        }

        var topicBytes = GetStringByteCount(topic);
        var remaining = CheckRemainingLength(GetPublishRemainingLength(topicBytes, payload.Length, qos));

        // 3.3.1: DUP in bit 3 (never for QoS 0, MQTT-3.3.1-2), QoS in bits 2-1, RETAIN in bit 0.
        var flags = (qos == MqttQualityOfService.AtMostOnce ? 0 : (int)qos << 1)
            | (duplicate && qos != MqttQualityOfService.AtMostOnce ? 0b1000 : 0)
            | (retain ? 0b0001 : 0);

        var headerLength = 1 + GetRemainingLengthSize(remaining) + 2 + topicBytes + (qos == MqttQualityOfService.AtMostOnce ? 0 : 2);
        var span = output.GetSpan(headerLength);
        var offset = WriteFixedHeader(span, MqttPacketType.Publish, flags, remaining);
        BinaryPrimitives.WriteUInt16BigEndian(span[offset..], (ushort)topicBytes);
        offset += 2;
        offset += Encoding.UTF8.GetBytes(topic, span[offset..]);
        if (qos != MqttQualityOfService.AtMostOnce)
        {
            BinaryPrimitives.WriteUInt16BigEndian(span[offset..], packetId);
            offset += 2;
        }

        output.Advance(offset);
        output.Write(payload);
    }

    /// <summary>PUBACK, PUBREC, PUBREL, PUBCOMP, UNSUBACK: a fixed header and a Packet Identifier, four bytes.</summary>
    public static void WriteIdentifierOnly(IBufferWriter<byte> output, MqttPacketType type, ushort packetId)
    {
        if (packetId == 0)
        {
            throw new ArgumentException("Packet Identifier 0 is invalid (spec 2.3.1).", nameof(packetId));
        }

        var span = output.GetSpan(4);
        span[0] = (byte)(((int)type << 4) | FixedFlags(type));
        span[1] = 2;
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], packetId);
        output.Advance(4);
    }

    /// <summary>PINGREQ, PINGRESP, DISCONNECT: a fixed header with Remaining Length 0.</summary>
    public static void WriteEmpty(IBufferWriter<byte> output, MqttPacketType type)
    {
        var span = output.GetSpan(2);
        span[0] = (byte)((int)type << 4);
        span[1] = 0;
        output.Advance(2);
    }

    public static void WriteSubscribe(IBufferWriter<byte> output, ushort packetId, IReadOnlyList<MqttTopicFilter> filters)
    {
        CheckIdentifierAndCount(packetId, filters.Count);
        long remaining = 2;
        for (var i = 0; i < filters.Count; i++)
        {
            remaining += 2 + GetStringByteCount(filters[i].Filter) + 1;
        }

        WriteFixedHeader(output, MqttPacketType.Subscribe, CheckRemainingLength(remaining));
        WriteUInt16(output, packetId);
        for (var i = 0; i < filters.Count; i++)
        {
            WriteString(output, filters[i].Filter);
            WriteByte(output, (byte)filters[i].Qos);
        }
    }

    public static void WriteUnsubscribe(IBufferWriter<byte> output, ushort packetId, IReadOnlyList<string> filters)
    {
        CheckIdentifierAndCount(packetId, filters.Count);
        long remaining = 2;
        for (var i = 0; i < filters.Count; i++)
        {
            remaining += 2 + GetStringByteCount(filters[i]);
        }

        WriteFixedHeader(output, MqttPacketType.Unsubscribe, CheckRemainingLength(remaining));
        WriteUInt16(output, packetId);
        for (var i = 0; i < filters.Count; i++)
        {
            WriteString(output, filters[i]);
        }
    }

    public static int GetRemainingLengthSize(int remainingLength) => remainingLength switch
    {
        < 128 => 1,
        < 16_384 => 2,
        < 2_097_152 => 3,
        _ => 4,
    };

    private static void WriteConnect(IBufferWriter<byte> output, MqttConnectPacket connect)
    {
        var hasWill = connect.WillTopic is not null;
        long remaining = 2 + GetStringByteCount(connect.ProtocolName) + 1 + 1 + 2 + 2 + GetStringByteCount(connect.ClientId);
        if (hasWill)
        {
            remaining += 2 + GetStringByteCount(connect.WillTopic!) + 2 + CheckBinaryLength(connect.WillPayload.Length);
        }

        if (connect.Username is not null)
        {
            remaining += 2 + GetStringByteCount(connect.Username);
        }

        if (connect.Password is { } password)
        {
            if (connect.Username is null)
            {
                throw new ArgumentException("A password needs a user name (spec 3.1.2.9, MQTT-3.1.2-22).", nameof(connect));
            }

            remaining += 2 + CheckBinaryLength(password.Length);
        }

        // 3.1.2.3: bit 7 user name, 6 password, 5 will retain, 4-3 will QoS, 2 will, 1 clean session, 0 reserved.
        var flags = (connect.CleanSession ? 0x02 : 0)
            | (hasWill ? 0x04 | ((int)connect.WillQos << 3) | (connect.WillRetain ? 0x20 : 0) : 0)
            | (connect.Password is not null ? 0x40 : 0)
            | (connect.Username is not null ? 0x80 : 0);

        WriteFixedHeader(output, MqttPacketType.Connect, CheckRemainingLength(remaining));
        WriteString(output, connect.ProtocolName);
        WriteByte(output, connect.ProtocolLevel);
        WriteByte(output, (byte)flags);
        WriteUInt16(output, connect.KeepAliveSeconds);
        WriteString(output, connect.ClientId);
        if (hasWill)
        {
            WriteString(output, connect.WillTopic!);
            WriteBinary(output, connect.WillPayload.Span);
        }

        if (connect.Username is not null)
        {
            WriteString(output, connect.Username);
        }

        if (connect.Password is { } passwordBytes)
        {
            WriteBinary(output, passwordBytes.Span);
        }
    }

    private static void WriteConnAck(IBufferWriter<byte> output, MqttConnAckPacket connAck)
    {
        var span = output.GetSpan(4);
        span[0] = (byte)MqttPacketType.ConnAck << 4;
        span[1] = 2;
        span[2] = connAck.SessionPresent ? (byte)1 : (byte)0;
        span[3] = (byte)connAck.ReturnCode;
        output.Advance(4);
    }

    private static void WriteSubAck(IBufferWriter<byte> output, MqttSubAckPacket subAck)
    {
        CheckIdentifierAndCount(subAck.PacketId, subAck.ReturnCodes.Count);
        WriteFixedHeader(output, MqttPacketType.SubAck, CheckRemainingLength(2L + subAck.ReturnCodes.Count));
        WriteUInt16(output, subAck.PacketId);
        for (var i = 0; i < subAck.ReturnCodes.Count; i++)
        {
            WriteByte(output, (byte)subAck.ReturnCodes[i]);
        }
    }

    private static void CheckIdentifierAndCount(ushort packetId, int count)
    {
        if (packetId == 0)
        {
            throw new ArgumentException("Packet Identifier 0 is invalid (spec 2.3.1).", nameof(packetId));
        }

        if (count == 0)
        {
            throw new ArgumentException("At least one entry is required (spec 3.8.3, 3.9.3, 3.10.3).", nameof(count));
        }
    }

    private static int CheckRemainingLength(long remaining) =>
        remaining <= MqttPacketDecoder.MaxRemainingLength
            ? (int)remaining
            : throw new ArgumentException($"The packet would need Remaining Length {remaining}; the maximum is {MqttPacketDecoder.MaxRemainingLength} (spec 2.2.3).");

    private static int CheckBinaryLength(int length) =>
        length <= ushort.MaxValue ? length : throw new ArgumentException($"Binary field of {length} bytes; at most 65535 fit (spec 1.5.3).");

    private static int GetStringByteCount(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        return count <= MqttUtf8String.MaxByteCount
            ? count
            : throw new ArgumentException($"String of {count} UTF-8 bytes; at most 65535 fit (spec 1.5.3).", nameof(value));
    }

    private static int FixedFlags(MqttPacketType type) =>
        type is MqttPacketType.PubRel or MqttPacketType.Subscribe or MqttPacketType.Unsubscribe ? 0b0010 : 0;

    private static int WriteFixedHeader(Span<byte> span, MqttPacketType type, int flags, int remainingLength)
    {
        span[0] = (byte)(((int)type << 4) | flags);
        var offset = 1;

        // 2.2.3: seven bits per byte, least significant first, bit 7 says another byte follows.
        do
        {
            var encoded = (byte)(remainingLength & 0x7F);
            remainingLength >>= 7;
            if (remainingLength > 0)
            {
                encoded |= 0x80;
            }

            span[offset++] = encoded;
        }
        while (remainingLength > 0);

        return offset;
    }

    private static void WriteFixedHeader(IBufferWriter<byte> output, MqttPacketType type, int remainingLength)
    {
        var span = output.GetSpan(5);
        output.Advance(WriteFixedHeader(span, type, FixedFlags(type), remainingLength));
    }

    private static void WriteByte(IBufferWriter<byte> output, byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }

    private static void WriteUInt16(IBufferWriter<byte> output, ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(output.GetSpan(2), value);
        output.Advance(2);
    }

    private static void WriteString(IBufferWriter<byte> output, string value)
    {
        var count = GetStringByteCount(value);
        WriteUInt16(output, (ushort)count);
        if (count > 0)
        {
            output.Advance(Encoding.UTF8.GetBytes(value, output.GetSpan(count)));
        }
    }

    private static void WriteBinary(IBufferWriter<byte> output, ReadOnlySpan<byte> value)
    {
        WriteUInt16(output, (ushort)CheckBinaryLength(value.Length));
        output.Write(value);
    }
}
