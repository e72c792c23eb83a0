using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Monitoring.Mqtt.Packets;

namespace Monitoring.Mqtt.Formatter;

/// <summary>
/// Decodes MQTT 3.1.1 control packets of both directions from a <see cref="ReadOnlySequence{T}"/>.
/// Needing more bytes is not an error (<see cref="TryDecode"/> returns false); anything that breaks the
/// spec throws <see cref="MqttProtocolViolationException"/>, and nothing is allocated for a packet whose
/// Remaining Length exceeds the configured maximum.
/// </summary>
internal sealed class MqttPacketDecoder
{
    /// <summary>Four Remaining Length bytes of seven bits each (spec 2.2.3).</summary>
    public const int MaxRemainingLength = 268_435_455;

    private readonly int _maxPacketSize;

    public MqttPacketDecoder(int maxPacketSize = MaxRemainingLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxPacketSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxPacketSize, MaxRemainingLength);
        _maxPacketSize = maxPacketSize;
    }

    /// <summary>
    /// Decodes the first packet of <paramref name="buffer"/>. Returns false, with <paramref name="consumed"/> at the
    /// start, when the packet is not complete yet.
    /// </summary>
    public bool TryDecode(
        in ReadOnlySequence<byte> buffer,
        [NotNullWhen(true)] out MqttPacket? packet,
        out SequencePosition consumed)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (!TryReadFixedHeader(ref reader, out var firstByte, out var remainingLength)
            || reader.Remaining < remainingLength)
        {
            packet = null;
            consumed = buffer.Start;
            return false;
        }

        var body = buffer.Slice(reader.Position, remainingLength);
        packet = DecodeBody(firstByte, body);
        consumed = body.End;
        return true;
    }

    private bool TryReadFixedHeader(ref SequenceReader<byte> reader, out byte firstByte, out int remainingLength)
    {
        remainingLength = 0;
        if (!reader.TryRead(out firstByte))
        {
            return false;
        }

        var type = (MqttPacketType)(firstByte >> 4);
        ValidateFixedHeaderFlags(type, firstByte & 0x0F);

        // 2.2.3: seven bits per byte, least significant group first, continuation in bit 7, at most four bytes.
        for (var i = 0; i < 4; i++)
        {
            if (!reader.TryRead(out var encoded))
            {
                return false;
            }

            remainingLength |= (encoded & 0x7F) << (7 * i);
            if ((encoded & 0x80) == 0)
            {
                ValidateRemainingLength(type, remainingLength);
                return true;
            }
        }

        throw Violation("Remaining Length continues into a fifth byte; at most four are allowed (spec 2.2.3).");
    }

    private static void ValidateFixedHeaderFlags(MqttPacketType type, int flags)
    {
        switch (type)
        {
            case MqttPacketType.Publish:
                // 3.3.1.2: "A PUBLISH Packet MUST NOT have both QoS bits set to 1" [MQTT-3.3.1-4].
                if ((flags & 0b0110) == 0b0110)
                {
                    throw Violation("PUBLISH with QoS 3 (spec 3.3.1.2, MQTT-3.3.1-4).");
                }

                // 3.3.1.1: "The DUP flag MUST be set to 0 for all QoS 0 messages" [MQTT-3.3.1-2].
                if ((flags & 0b1000) != 0 && (flags & 0b0110) == 0)
                {
                    throw Violation("PUBLISH with QoS 0 and DUP set (spec 3.3.1.1, MQTT-3.3.1-2).");
                }

                break;

            // 2.2.2, 3.6.1, 3.8.1, 3.10.1: these carry the fixed flags 0010 [MQTT-3.6.1-1] [MQTT-3.8.1-1] [MQTT-3.10.1-1].
            case MqttPacketType.PubRel:
            case MqttPacketType.Subscribe:
            case MqttPacketType.Unsubscribe:
                if (flags != 0b0010)
                {
                    throw Violation($"{type} with reserved flags {flags:X1}, expected 2 (spec 2.2.2, MQTT-2.2.2-2).");
                }

                break;

            case MqttPacketType.Connect:
            case MqttPacketType.ConnAck:
            case MqttPacketType.PubAck:
            case MqttPacketType.PubRec:
            case MqttPacketType.PubComp:
            case MqttPacketType.SubAck:
            case MqttPacketType.UnsubAck:
            case MqttPacketType.PingReq:
            case MqttPacketType.PingResp:
            case MqttPacketType.Disconnect:
                if (flags != 0)
                {
                    throw Violation($"{type} with reserved flags {flags:X1}, expected 0 (spec 2.2.2, MQTT-2.2.2-2).");
                }

                break;

            default:
                throw Violation($"Reserved control packet type {(int)type} (spec 2.2.1).");
        }
    }

    private void ValidateRemainingLength(MqttPacketType type, int remainingLength)
    {
        // Checked before any byte of the body is awaited or buffered.
        if (remainingLength > _maxPacketSize)
        {
            throw Violation($"{type} with Remaining Length {remainingLength} exceeds the maximum packet size {_maxPacketSize}.");
        }

        var expected = type switch
        {
            // 3.2.1, 3.4.1, 3.5.1, 3.6.1, 3.7.1, 3.11.1: Remaining Length is 2.
            MqttPacketType.ConnAck or MqttPacketType.PubAck or MqttPacketType.PubRec or MqttPacketType.PubRel
                or MqttPacketType.PubComp or MqttPacketType.UnsubAck => 2,

            // 3.12, 3.13, 3.14: no variable header and no payload.
            MqttPacketType.PingReq or MqttPacketType.PingResp or MqttPacketType.Disconnect => 0,
            _ => -1,
        };

        if (expected >= 0 && remainingLength != expected)
        {
            throw Violation($"{type} with Remaining Length {remainingLength}, expected {expected}.");
        }
    }

    private static MqttPacket DecodeBody(byte firstByte, ReadOnlySequence<byte> body)
    {
        var reader = new SequenceReader<byte>(body);
        var type = (MqttPacketType)(firstByte >> 4);
        return type switch
        {
            MqttPacketType.Connect => DecodeConnect(ref reader),
            MqttPacketType.ConnAck => DecodeConnAck(ref reader),
            MqttPacketType.Publish => DecodePublish(ref reader, firstByte),
            MqttPacketType.PubAck => new MqttPubAckPacket(ReadPacketId(ref reader)),
            MqttPacketType.PubRec => new MqttPubRecPacket(ReadPacketId(ref reader)),
            MqttPacketType.PubRel => new MqttPubRelPacket(ReadPacketId(ref reader)),
            MqttPacketType.PubComp => new MqttPubCompPacket(ReadPacketId(ref reader)),
            MqttPacketType.Subscribe => DecodeSubscribe(ref reader),
            MqttPacketType.SubAck => DecodeSubAck(ref reader),
            MqttPacketType.Unsubscribe => DecodeUnsubscribe(ref reader),
            MqttPacketType.UnsubAck => new MqttUnsubAckPacket(ReadPacketId(ref reader)),
            MqttPacketType.PingReq => MqttPingReqPacket.Instance,
            MqttPacketType.PingResp => MqttPingRespPacket.Instance,
            _ => MqttDisconnectPacket.Instance,
        };
    }

    private static MqttConnectPacket DecodeConnect(ref SequenceReader<byte> reader)
    {
        // 3.1.2.1: the protocol name is the UTF-8 string "MQTT" [MQTT-3.1.2-1].
        var protocolName = ReadString(ref reader);
        if (protocolName != MqttConnectPacket.MqttProtocolName)
        {
            throw Violation($"CONNECT with protocol name '{protocolName}', expected 'MQTT' (spec 3.1.2.1, MQTT-3.1.2-1).");
        }

        // 3.1.2.2: the level is reported, not judged here: a server answers an unknown level with CONNACK 0x01.
        var protocolLevel = ReadByte(ref reader);
        var flags = ReadByte(ref reader);

        // 3.1.2.3: "The Server MUST validate that the reserved flag in the CONNECT Control Packet is set to zero" [MQTT-3.1.2-3].
        if ((flags & 0x01) != 0)
        {
            throw Violation("CONNECT with the reserved connect flag set (spec 3.1.2.3, MQTT-3.1.2-3).");
        }

        var willFlag = (flags & 0x04) != 0;
        var willQos = (flags >> 3) & 0x03;
        var willRetain = (flags & 0x20) != 0;
        var passwordFlag = (flags & 0x40) != 0;
        var usernameFlag = (flags & 0x80) != 0;

        // 3.1.2.6, 3.1.2.7: without a will, Will QoS and Will Retain are 0 [MQTT-3.1.2-13] [MQTT-3.1.2-15].
        if (!willFlag && (willQos != 0 || willRetain))
        {
            throw Violation("CONNECT with Will QoS or Will Retain but no will (spec 3.1.2.6, MQTT-3.1.2-13).");
        }

        // 3.1.2.6: "If the Will Flag is set to 1, the value of Will QoS can be 0, 1 or 2. It MUST NOT be 3" [MQTT-3.1.2-14].
        if (willQos == 3)
        {
            throw Violation("CONNECT with Will QoS 3 (spec 3.1.2.6, MQTT-3.1.2-14).");
        }

        // 3.1.2.9: "If the User Name Flag is set to 0, the Password Flag MUST be set to 0" [MQTT-3.1.2-22].
        if (passwordFlag && !usernameFlag)
        {
            throw Violation("CONNECT with a password but no user name (spec 3.1.2.9, MQTT-3.1.2-22).");
        }

        var keepAlive = ReadUInt16(ref reader);

        // 3.1.3: payload fields in the order Client Identifier, Will Topic, Will Message, User Name, Password.
        var clientId = ReadString(ref reader);
        string? willTopic = null;
        ReadOnlyMemory<byte> willPayload = default;
        if (willFlag)
        {
            willTopic = ReadTopicName(ref reader);
            willPayload = ReadBinary(ref reader);
        }

        var username = usernameFlag ? ReadString(ref reader) : null;
        var password = passwordFlag ? ReadBinary(ref reader) : (ReadOnlyMemory<byte>?)null;
        EnsureConsumed(ref reader, MqttPacketType.Connect);

        return new MqttConnectPacket
        {
            ProtocolName = protocolName,
            ProtocolLevel = protocolLevel,
            ClientId = clientId,
            CleanSession = (flags & 0x02) != 0,
            KeepAliveSeconds = keepAlive,
            WillTopic = willTopic,
            WillPayload = willPayload,
            WillQos = (MqttQualityOfService)willQos,
            WillRetain = willRetain,
            Username = username,
            Password = password,
        };
    }

    private static MqttConnAckPacket DecodeConnAck(ref SequenceReader<byte> reader)
    {
        // 3.2.2.1: bits 7-1 of the acknowledge flags are reserved and set to 0.
        var acknowledgeFlags = ReadByte(ref reader);
        if ((acknowledgeFlags & 0xFE) != 0)
        {
            throw Violation($"CONNACK with reserved acknowledge flags {acknowledgeFlags:X2} (spec 3.2.2.1).");
        }

        // 3.2.2.3: return codes 6-255 are reserved.
        var returnCode = ReadByte(ref reader);
        if (returnCode > (byte)MqttConnectReturnCode.NotAuthorized)
        {
            throw Violation($"CONNACK with reserved return code {returnCode} (spec 3.2.2.3).");
        }

        // 3.2.2.2: a refusal carries Session Present 0 [MQTT-3.2.2-4].
        var sessionPresent = (acknowledgeFlags & 0x01) != 0;
        if (sessionPresent && returnCode != 0)
        {
            throw Violation("CONNACK refusing the connection with Session Present set (spec 3.2.2.2, MQTT-3.2.2-4).");
        }

        return new MqttConnAckPacket { SessionPresent = sessionPresent, ReturnCode = (MqttConnectReturnCode)returnCode };
    }

    private static MqttPublishPacket DecodePublish(ref SequenceReader<byte> reader, byte firstByte)
    {
        var qos = (MqttQualityOfService)((firstByte >> 1) & 0x03);
        var topic = ReadTopicName(ref reader);

        // 2.3.1: QoS 1 and 2 PUBLISH carry a non-zero Packet Identifier [MQTT-2.3.1-1].
        var packetId = qos == MqttQualityOfService.AtMostOnce ? (ushort)0 : ReadPacketId(ref reader);

        // 3.3.3: the rest is the payload; copied once into an array the message owns.
        var payload = reader.Remaining == 0 ? [] : new byte[reader.Remaining];
        reader.TryCopyTo(payload);
        reader.Advance(payload.Length);

        return new MqttPublishPacket
        {
            Topic = topic,
            Payload = payload,
            Qos = qos,
            Retain = (firstByte & 0x01) != 0,
            Duplicate = (firstByte & 0x08) != 0,
            PacketId = packetId,
        };
    }

    private static MqttSubscribePacket DecodeSubscribe(ref SequenceReader<byte> reader)
    {
        var packetId = ReadPacketId(ref reader);
        var filters = new List<MqttTopicFilter>();
        while (!reader.End)
        {
            var filter = ReadTopicFilter(ref reader);

            // 3.8.3.1: the upper six bits of the requested QoS byte are reserved [MQTT-3-8.3-4]; QoS 3 is invalid.
            var requested = ReadByte(ref reader);
            if (requested > (byte)MqttQualityOfService.ExactlyOnce)
            {
                throw Violation($"SUBSCRIBE with requested QoS byte {requested:X2} (spec 3.8.3.1, MQTT-3-8.3-4).");
            }

            filters.Add(new MqttTopicFilter(filter, (MqttQualityOfService)requested));
        }

        // 3.8.3: "The payload of a SUBSCRIBE packet MUST contain at least one Topic Filter / QoS pair" [MQTT-3.8.3-3].
        if (filters.Count == 0)
        {
            throw Violation("SUBSCRIBE without topic filters (spec 3.8.3, MQTT-3.8.3-3).");
        }

        return new MqttSubscribePacket { PacketId = packetId, Filters = filters };
    }

    private static MqttSubAckPacket DecodeSubAck(ref SequenceReader<byte> reader)
    {
        var packetId = ReadPacketId(ref reader);
        var codes = new MqttSubscribeReturnCode[reader.Remaining];
        for (var i = 0; i < codes.Length; i++)
        {
            // 3.9.3: "SUBACK return codes other than 0x00, 0x01, 0x02 and 0x80 are reserved and MUST NOT be used" [MQTT-3.9.3-2].
            var code = ReadByte(ref reader);
            if (code is not (0x00 or 0x01 or 0x02 or 0x80))
            {
                throw Violation($"SUBACK with reserved return code {code:X2} (spec 3.9.3, MQTT-3.9.3-2).");
            }

            codes[i] = (MqttSubscribeReturnCode)code;
        }

        // 3.9.3: one return code per filter of the SUBSCRIBE, which has at least one.
        if (codes.Length == 0)
        {
            throw Violation("SUBACK without return codes (spec 3.9.3).");
        }

        return new MqttSubAckPacket { PacketId = packetId, ReturnCodes = codes };
    }

    private static MqttUnsubscribePacket DecodeUnsubscribe(ref SequenceReader<byte> reader)
    {
        var packetId = ReadPacketId(ref reader);
        var filters = new List<string>();
        while (!reader.End)
        {
            filters.Add(ReadTopicFilter(ref reader));
        }

        // 3.10.3: "The Payload of an UNSUBSCRIBE packet MUST contain at least one Topic Filter" [MQTT-3.10.3-2].
        if (filters.Count == 0)
        {
            throw Violation("UNSUBSCRIBE without topic filters (spec 3.10.3, MQTT-3.10.3-2).");
        }

        return new MqttUnsubscribePacket { PacketId = packetId, Filters = filters };
    }

    private static string ReadTopicName(ref SequenceReader<byte> reader)
    {
        var topic = ReadString(ref reader);

        // 4.7.3: at least one character [MQTT-4.7.3-1]; 3.3.2.1: no wildcards in a Topic Name [MQTT-3.3.2-2].
        if (topic.Length == 0)
        {
            throw Violation("Empty topic name (spec 4.7.3, MQTT-4.7.3-1).");
        }

        if (topic.AsSpan().IndexOfAny('+', '#') >= 0)
        {
            throw Violation($"Topic name '{topic}' contains a wildcard (spec 3.3.2.1, MQTT-3.3.2-2).");
        }

        return topic;
    }

    private static string ReadTopicFilter(ref SequenceReader<byte> reader)
    {
        // 4.7.1: wildcards only as whole levels, '#' only last.
        var filter = ReadString(ref reader);
        if (!MqttTopic.IsValidTopicFilter(filter))
        {
            throw Violation($"Invalid topic filter '{filter}' (spec 4.7.1).");
        }

        return filter;
    }

    /// <summary>1.5.3: a two-byte length, then that many bytes of well-formed UTF-8 without U+0000.</summary>
    private static string ReadString(ref SequenceReader<byte> reader)
    {
        var length = ReadUInt16(ref reader);
        if (reader.Remaining < length)
        {
            throw Truncated();
        }

        var unread = reader.UnreadSpan;
        if (unread.Length >= length)
        {
            var text = DecodeUtf8(unread[..length]);
            reader.Advance(length);
            return text;
        }

        // The string straddles buffer segments: gather it once.
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var bytes = rented.AsSpan(0, length);
            reader.TryCopyTo(bytes);
            reader.Advance(length);
            return DecodeUtf8(bytes);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static string DecodeUtf8(ReadOnlySpan<byte> bytes)
    {
        // 1.5.3: ill-formed UTF-8, including encoded surrogates, is a violation [MQTT-1.5.3-1]; so is U+0000 [MQTT-1.5.3-2].
        if (!MqttUtf8String.IsValid(bytes))
        {
            throw Violation("String is not well-formed UTF-8 or contains U+0000 (spec 1.5.3, MQTT-1.5.3-1, MQTT-1.5.3-2).");
        }

        return Encoding.UTF8.GetString(bytes);
    }

    private static byte[] ReadBinary(ref SequenceReader<byte> reader)
    {
        var length = ReadUInt16(ref reader);
        if (reader.Remaining < length)
        {
            throw Truncated();
        }

        var data = length == 0 ? [] : new byte[length];
        reader.TryCopyTo(data);
        reader.Advance(length);
        return data;
    }

    private static ushort ReadPacketId(ref SequenceReader<byte> reader)
    {
        // 2.3.1: "... MUST contain a non-zero 16-bit Packet Identifier" [MQTT-2.3.1-1].
        var packetId = ReadUInt16(ref reader);
        return packetId != 0 ? packetId : throw Violation("Packet Identifier 0 (spec 2.3.1, MQTT-2.3.1-1).");
    }

    private static ushort ReadUInt16(ref SequenceReader<byte> reader) =>
        reader.TryReadBigEndian(out short value) ? (ushort)value : throw Truncated();

    private static byte ReadByte(ref SequenceReader<byte> reader) =>
        reader.TryRead(out var value) ? value : throw Truncated();

    private static void EnsureConsumed(ref SequenceReader<byte> reader, MqttPacketType type)
    {
        if (!reader.End)
        {
            throw Violation($"{type} has {reader.Remaining} bytes beyond its fields (spec 2.2.3).");
        }
    }

    private static MqttProtocolViolationException Truncated() =>
        Violation("Packet fields run past its Remaining Length (spec 2.2.3).");

    private static MqttProtocolViolationException Violation(string message) => new(message);
}
