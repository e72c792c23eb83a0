using System.Buffers;
using System.Globalization;
using Monitoring.Mqtt.Formatter;
using Monitoring.Mqtt.Packets;
using Monitoring.Mqtt.Tests.Fakes;

namespace Monitoring.Mqtt.Tests.Formatter;

public sealed class MqttPacketDecoderTests
{
    [Fact]
    public void ConnectWithEverySetFieldRoundTrips()
    {
        var decoded = PacketCodec.RoundTrip(new MqttConnectPacket
        {
            ClientId = "hub-01",
            CleanSession = false,
            KeepAliveSeconds = 45,
            WillTopic = "rpm/v1/hubs/hub-01/status",
            WillPayload = "offline"u8.ToArray(),
            WillQos = MqttQualityOfService.AtLeastOnce,
            WillRetain = true,
            Username = "hub",
            Password = "s\0cret"u8.ToArray(),
        });

        Assert.Equal("MQTT", decoded.ProtocolName);
        Assert.Equal(4, decoded.ProtocolLevel);
        Assert.Equal("hub-01", decoded.ClientId);
        Assert.False(decoded.CleanSession);
        Assert.Equal(45, decoded.KeepAliveSeconds);
        Assert.Equal("rpm/v1/hubs/hub-01/status", decoded.WillTopic);
        Assert.Equal("offline"u8.ToArray(), decoded.WillPayload.ToArray());
        Assert.Equal(MqttQualityOfService.AtLeastOnce, decoded.WillQos);
        Assert.True(decoded.WillRetain);
        Assert.Equal("hub", decoded.Username);
        Assert.Equal("s\0cret"u8.ToArray(), decoded.Password!.Value.ToArray());
    }

    [Fact]
    public void MinimalConnectRoundTripsWithoutOptionalFields()
    {
        var decoded = PacketCodec.RoundTrip(new MqttConnectPacket { ClientId = "", CleanSession = true });

        Assert.Equal("", decoded.ClientId);
        Assert.True(decoded.CleanSession);
        Assert.Null(decoded.WillTopic);
        Assert.Null(decoded.Username);
        Assert.Null(decoded.Password);
    }

    [Theory]
    [InlineData(false, MqttConnectReturnCode.Accepted)]
    [InlineData(true, MqttConnectReturnCode.Accepted)]
    [InlineData(false, MqttConnectReturnCode.BadUsernameOrPassword)]
    [InlineData(false, MqttConnectReturnCode.NotAuthorized)]
    public void ConnAckRoundTrips(bool sessionPresent, MqttConnectReturnCode code)
    {
        var decoded = PacketCodec.RoundTrip(new MqttConnAckPacket { SessionPresent = sessionPresent, ReturnCode = code });

        Assert.Equal(sessionPresent, decoded.SessionPresent);
        Assert.Equal(code, decoded.ReturnCode);
    }

    [Theory]
    [InlineData(MqttQualityOfService.AtMostOnce, false, false, 0)]
    [InlineData(MqttQualityOfService.AtLeastOnce, true, true, 1)]
    [InlineData(MqttQualityOfService.ExactlyOnce, false, true, 65535)]
    public void PublishRoundTrips(MqttQualityOfService qos, bool retain, bool duplicate, int packetId)
    {
        var decoded = PacketCodec.RoundTrip(new MqttPublishPacket
        {
            Topic = "rpm/v1/devices/ox-0001/telemetry",
            Payload = "[{\"n\":\"spo2\",\"v\":92.5}]"u8.ToArray(),
            Qos = qos,
            Retain = retain,
            Duplicate = duplicate,
            PacketId = (ushort)packetId,
        });

        Assert.Equal("rpm/v1/devices/ox-0001/telemetry", decoded.Topic);
        Assert.Equal("[{\"n\":\"spo2\",\"v\":92.5}]"u8.ToArray(), decoded.Payload.ToArray());
        Assert.Equal(qos, decoded.Qos);
        Assert.Equal(retain, decoded.Retain);
        Assert.Equal(duplicate, decoded.Duplicate);
        Assert.Equal(packetId, decoded.PacketId);
    }

    [Fact]
    public void PublishWithEmptyPayloadRoundTrips()
    {
        var decoded = PacketCodec.RoundTrip(new MqttPublishPacket { Topic = "a", Payload = ReadOnlyMemory<byte>.Empty });

        Assert.True(decoded.Payload.IsEmpty);
    }

    [Fact]
    public void IdentifierOnlyPacketsRoundTrip()
    {
        Assert.Equal(7, PacketCodec.RoundTrip(new MqttPubAckPacket(7)).PacketId);
        Assert.Equal(8, PacketCodec.RoundTrip(new MqttPubRecPacket(8)).PacketId);
        Assert.Equal(9, PacketCodec.RoundTrip(new MqttPubRelPacket(9)).PacketId);
        Assert.Equal(10, PacketCodec.RoundTrip(new MqttPubCompPacket(10)).PacketId);
        Assert.Equal(11, PacketCodec.RoundTrip(new MqttUnsubAckPacket(11)).PacketId);
    }

    [Fact]
    public void PubRelIsEncodedWithItsFixedFlags()
    {
        Assert.Equal([0x62, 0x02, 0x00, 0x09], PacketCodec.Encode(new MqttPubRelPacket(9)));
    }

    [Fact]
    public void SubscribeRoundTripsSeveralFilters()
    {
        var decoded = PacketCodec.RoundTrip(new MqttSubscribePacket
        {
            PacketId = 42,
            Filters =
            [
                new MqttTopicFilter("rpm/v1/devices/+/telemetry", MqttQualityOfService.AtLeastOnce),
                new MqttTopicFilter("$share/hub/rpm/v1/devices/#", MqttQualityOfService.ExactlyOnce),
                new MqttTopicFilter("#", MqttQualityOfService.AtMostOnce),
            ],
        });

        Assert.Equal(42, decoded.PacketId);
        Assert.Equal(
            [
                new MqttTopicFilter("rpm/v1/devices/+/telemetry", MqttQualityOfService.AtLeastOnce),
                new MqttTopicFilter("$share/hub/rpm/v1/devices/#", MqttQualityOfService.ExactlyOnce),
                new MqttTopicFilter("#", MqttQualityOfService.AtMostOnce),
            ],
            decoded.Filters);
    }

    [Fact]
    public void SubAckRoundTripsEveryReturnCode()
    {
        MqttSubscribeReturnCode[] codes =
            [MqttSubscribeReturnCode.GrantedQos0, MqttSubscribeReturnCode.GrantedQos1, MqttSubscribeReturnCode.GrantedQos2, MqttSubscribeReturnCode.Failure];

        var decoded = PacketCodec.RoundTrip(new MqttSubAckPacket { PacketId = 3, ReturnCodes = codes });

        Assert.Equal(3, decoded.PacketId);
        Assert.Equal(codes, decoded.ReturnCodes);
    }

    [Fact]
    public void UnsubscribeRoundTrips()
    {
        var decoded = PacketCodec.RoundTrip(new MqttUnsubscribePacket { PacketId = 5, Filters = ["a/b", "c/#"] });

        Assert.Equal(5, decoded.PacketId);
        Assert.Equal(["a/b", "c/#"], decoded.Filters);
    }

    [Fact]
    public void EmptyPacketsRoundTrip()
    {
        Assert.Same(MqttPingReqPacket.Instance, PacketCodec.RoundTrip(MqttPingReqPacket.Instance));
        Assert.Same(MqttPingRespPacket.Instance, PacketCodec.RoundTrip(MqttPingRespPacket.Instance));
        Assert.Same(MqttDisconnectPacket.Instance, PacketCodec.RoundTrip(MqttDisconnectPacket.Instance));
        Assert.Equal([0xC0, 0x00], PacketCodec.Encode(MqttPingReqPacket.Instance));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(16_383)]
    [InlineData(16_384)]
    [InlineData(2_097_151)]
    [InlineData(2_097_152)]
    public void RemainingLengthBoundariesRoundTrip(int remainingLength)
    {
        if (remainingLength == 0)
        {
            Assert.Equal([0xD0, 0x00], PacketCodec.Encode(MqttPingRespPacket.Instance));
            return;
        }

        // PUBLISH QoS 0 to "t": two length bytes, one topic byte, then the payload.
        var payload = new byte[remainingLength - 3];
        Random.Shared.NextBytes(payload);
        var bytes = PacketCodec.Encode(new MqttPublishPacket { Topic = "t", Payload = payload });

        Assert.Equal(1 + MqttPacketEncoder.GetRemainingLengthSize(remainingLength) + remainingLength, bytes.Length);
        Assert.Equal(payload, PacketCodec.Decode<MqttPublishPacket>(bytes).Payload.ToArray());
    }

    [Theory]
    [InlineData(new byte[] { 0x7F }, 127)]
    [InlineData(new byte[] { 0x80, 0x01 }, 128)]
    [InlineData(new byte[] { 0xFF, 0x7F }, 16_383)]
    [InlineData(new byte[] { 0x80, 0x80, 0x01 }, 16_384)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0x7F }, 2_097_151)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x01 }, 2_097_152)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0x7F }, 268_435_455)]
    public void RemainingLengthIsEncodedAsSpec223Shows(byte[] encoded, int value)
    {
        if (value <= 2_097_152)
        {
            var bytes = PacketCodec.Encode(new MqttPublishPacket { Topic = "t", Payload = new byte[value - 3] });
            Assert.Equal(encoded, bytes[1..(1 + encoded.Length)]);
        }

        // The header alone: a limit of exactly the value lets the decoder wait for the body; one less rejects it by value.
        var header = new ReadOnlySequence<byte>([0x30, .. encoded]);
        Assert.False(new MqttPacketDecoder(value).TryDecode(header, out _, out _));
        var violation = Assert.Throws<MqttProtocolViolationException>(() => new MqttPacketDecoder(value - 1).TryDecode(header, out _, out _));
        Assert.Contains(value.ToString(CultureInfo.InvariantCulture), violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFifthRemainingLengthByteIsAViolation()
    {
        byte[] bytes = [0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01];

        Assert.Throws<MqttProtocolViolationException>(() => Decode(bytes));
    }

    [Fact]
    public void AnOversizedPacketIsRejectedFromItsHeaderAlone()
    {
        // Only the fixed header has arrived: a decoder that waited for the body would report "incomplete".
        byte[] header = [0x30, 0x80, 0x80, 0x41];

        var violation = Assert.Throws<MqttProtocolViolationException>(
            () => new MqttPacketDecoder(1024 * 1024).TryDecode(new ReadOnlySequence<byte>(header), out _, out _));
        Assert.Contains("maximum packet size", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IncompletePacketsReportIncompleteAndConsumeNothing()
    {
        var bytes = PacketCodec.Encode(new MqttPublishPacket { Topic = "a/b", Payload = new byte[300], Qos = MqttQualityOfService.AtLeastOnce, PacketId = 1 });
        var decoder = new MqttPacketDecoder();

        for (var length = 0; length < bytes.Length; length++)
        {
            var sequence = new ReadOnlySequence<byte>(bytes, 0, length);
            Assert.False(decoder.TryDecode(sequence, out var packet, out var consumed));
            Assert.Null(packet);
            Assert.Equal(sequence.Start, consumed);
        }
    }

    [Fact]
    public void PacketsSplitAcrossSegmentsDecode()
    {
        var bytes = PacketCodec.Encode(new MqttConnectPacket { ClientId = "dev-€-😀", Username = "user", Password = new byte[] { 1, 2, 3 } });

        for (var segmentSize = 1; segmentSize < bytes.Length; segmentSize++)
        {
            Assert.True(new MqttPacketDecoder().TryDecode(Sequences.Segmented(bytes, segmentSize), out var packet, out _));
            Assert.Equal("dev-€-😀", Assert.IsType<MqttConnectPacket>(packet).ClientId);
        }
    }

    [Fact]
    public void ConsecutivePacketsDecodeOneAtATime()
    {
        byte[] bytes = [.. PacketCodec.Encode(new MqttPubAckPacket(1)), .. PacketCodec.Encode(MqttPingRespPacket.Instance), .. PacketCodec.Encode(new MqttPubAckPacket(2))];
        var sequence = new ReadOnlySequence<byte>(bytes);
        var decoder = new MqttPacketDecoder();
        var packets = new List<MqttPacket>();

        while (decoder.TryDecode(sequence, out var packet, out var consumed))
        {
            packets.Add(packet);
            sequence = sequence.Slice(consumed);
        }

        Assert.Equal([MqttPacketType.PubAck, MqttPacketType.PingResp, MqttPacketType.PubAck], packets.Select(p => p.Type));
        Assert.True(sequence.IsEmpty);
    }

    [Fact]
    public void FourByteUtf8CharactersAreAccepted()
    {
        Assert.Equal("a/😀/b", PacketCodec.RoundTrip(new MqttPublishPacket { Topic = "a/😀/b" }).Topic);
    }

    [Fact]
    public void A65535ByteStringIsTheLongestThatRoundTrips()
    {
        var topic = new string('x', 65_535);

        Assert.Equal(topic, PacketCodec.RoundTrip(new MqttPublishPacket { Topic = topic }).Topic);
        Assert.Throws<ArgumentException>(() => PacketCodec.Encode(new MqttPublishPacket { Topic = topic + "x" }));
    }

    [Theory]
    [InlineData(new byte[] { 0x61, 0x00, 0x62 })]             // U+0000 [MQTT-1.5.3-2]
    [InlineData(new byte[] { 0x61, 0xED, 0xA0, 0x80 })]       // lone high surrogate U+D800 encoded
    [InlineData(new byte[] { 0xED, 0xBF, 0xBF })]             // lone low surrogate U+DFFF encoded
    [InlineData(new byte[] { 0xC0, 0xAF })]                   // overlong '/'
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })]       // above U+10FFFF
    [InlineData(new byte[] { 0x61, 0xE2, 0x82 })]             // truncated sequence
    [InlineData(new byte[] { 0xFF })]                         // never valid
    public void IllFormedUtf8InATopicIsAViolation(byte[] topic)
    {
        var bytes = PublishWithRawTopic(topic);

        Assert.Throws<MqttProtocolViolationException>(() => Decode(bytes));
    }

    [Theory]
    [InlineData(new byte[] { 0x30, 0x03, 0x00, 0x01, 0x61 }, true)]                   // valid QoS 0
    [InlineData(new byte[] { 0x36, 0x05, 0x00, 0x01, 0x61, 0x00, 0x01 }, false)]       // QoS 3 [MQTT-3.3.1-4]
    [InlineData(new byte[] { 0x38, 0x03, 0x00, 0x01, 0x61 }, false)]                   // DUP on QoS 0 [MQTT-3.3.1-2]
    [InlineData(new byte[] { 0x32, 0x05, 0x00, 0x01, 0x61, 0x00, 0x00 }, false)]       // QoS 1 with packet id 0
    [InlineData(new byte[] { 0x30, 0x03, 0x00, 0x01, 0x2B }, false)]                   // topic "+" [MQTT-3.3.2-2]
    [InlineData(new byte[] { 0x30, 0x03, 0x00, 0x01, 0x23 }, false)]                   // topic "#"
    [InlineData(new byte[] { 0x30, 0x02, 0x00, 0x00 }, false)]                         // empty topic [MQTT-4.7.3-1]
    [InlineData(new byte[] { 0x30, 0x03, 0x00, 0x05, 0x61 }, false)]                   // string longer than the packet
    [InlineData(new byte[] { 0x40, 0x02, 0x00, 0x00 }, false)]                         // PUBACK id 0 [MQTT-2.3.1-1]
    [InlineData(new byte[] { 0x41, 0x02, 0x00, 0x01 }, false)]                         // PUBACK reserved flags [MQTT-2.2.2-2]
    [InlineData(new byte[] { 0x40, 0x03, 0x00, 0x01, 0x00 }, false)]                   // PUBACK remaining length 3
    [InlineData(new byte[] { 0x60, 0x02, 0x00, 0x01 }, false)]                         // PUBREL without flags 0010 [MQTT-3.6.1-1]
    [InlineData(new byte[] { 0x62, 0x02, 0x00, 0x01 }, true)]                          // PUBREL
    [InlineData(new byte[] { 0x20, 0x02, 0x00, 0x06 }, false)]                         // CONNACK reserved return code
    [InlineData(new byte[] { 0x20, 0x02, 0x02, 0x00 }, false)]                         // CONNACK reserved ack flags
    [InlineData(new byte[] { 0x20, 0x02, 0x01, 0x05 }, false)]                         // refusal with session present [MQTT-3.2.2-4]
    [InlineData(new byte[] { 0x90, 0x03, 0x00, 0x01, 0x03 }, false)]                   // SUBACK reserved code [MQTT-3.9.3-2]
    [InlineData(new byte[] { 0x90, 0x02, 0x00, 0x01 }, false)]                         // SUBACK without codes
    [InlineData(new byte[] { 0x80, 0x06, 0x00, 0x01, 0x00, 0x01, 0x61, 0x00 }, false)] // SUBSCRIBE without flags 0010 [MQTT-3.8.1-1]
    [InlineData(new byte[] { 0x82, 0x06, 0x00, 0x01, 0x00, 0x01, 0x61, 0x00 }, true)]  // SUBSCRIBE
    [InlineData(new byte[] { 0x82, 0x06, 0x00, 0x01, 0x00, 0x01, 0x61, 0x03 }, false)] // SUBSCRIBE QoS 3
    [InlineData(new byte[] { 0x82, 0x06, 0x00, 0x01, 0x00, 0x01, 0x61, 0x41 }, false)] // SUBSCRIBE reserved QoS bits [MQTT-3-8.3-4]
    [InlineData(new byte[] { 0x82, 0x02, 0x00, 0x01 }, false)]                         // SUBSCRIBE without filters [MQTT-3.8.3-3]
    [InlineData(new byte[] { 0x82, 0x0A, 0x00, 0x01, 0x00, 0x05, 0x61, 0x2F, 0x23, 0x2F, 0x62, 0x01 }, false)] // filter "a/#/b" [4.7.1.2]
    [InlineData(new byte[] { 0x82, 0x07, 0x00, 0x01, 0x00, 0x02, 0x61, 0x2B, 0x01 }, false)] // filter "a+" [4.7.1.3]
    [InlineData(new byte[] { 0xA2, 0x02, 0x00, 0x01 }, false)]                         // UNSUBSCRIBE without filters [MQTT-3.10.3-2]
    [InlineData(new byte[] { 0xA0, 0x05, 0x00, 0x01, 0x00, 0x01, 0x61 }, false)]       // UNSUBSCRIBE without flags 0010 [MQTT-3.10.1-1]
    [InlineData(new byte[] { 0xC0, 0x01, 0x00 }, false)]                               // PINGREQ with a body
    [InlineData(new byte[] { 0xE1, 0x00 }, false)]                                     // DISCONNECT reserved flags
    [InlineData(new byte[] { 0x00, 0x00 }, false)]                                     // reserved type 0
    [InlineData(new byte[] { 0xF0, 0x00 }, false)]                                     // reserved type 15
    public void FixedHeaderAndFieldRulesAreEnforced(byte[] bytes, bool valid)
    {
        if (valid)
        {
            Assert.True(new MqttPacketDecoder().TryDecode(new ReadOnlySequence<byte>(bytes), out _, out _));
        }
        else
        {
            Assert.Throws<MqttProtocolViolationException>(() => Decode(bytes));
        }
    }

    [Theory]
    [InlineData(0x01, "reserved connect flag")]   // [MQTT-3.1.2-3]
    [InlineData(0x08, "will QoS without will")]   // [MQTT-3.1.2-13]
    [InlineData(0x20, "will retain without will")] // [MQTT-3.1.2-15]
    [InlineData(0x1C, "will QoS 3")]              // [MQTT-3.1.2-14]
    [InlineData(0x40, "password without user")]   // [MQTT-3.1.2-22]
    public void ConnectFlagRulesAreEnforced(byte flags, string because)
    {
        var bytes = PacketCodec.Encode(new MqttConnectPacket { ClientId = "c" });
        bytes[9] = flags;

        Assert.True(Throws(bytes), because);
    }

    [Fact]
    public void ConnectWithAnotherProtocolNameIsAViolation()
    {
        var bytes = PacketCodec.Encode(new MqttConnectPacket { ClientId = "c", ProtocolName = "MQIsdp", ProtocolLevel = 3 });

        Assert.Throws<MqttProtocolViolationException>(() => Decode(bytes));
    }

    [Fact]
    public void ConnectWithAnUnknownLevelDecodesSoTheServerCanAnswerIt()
    {
        var decoded = PacketCodec.RoundTrip(new MqttConnectPacket { ClientId = "c", ProtocolLevel = 5 });

        Assert.Equal(5, decoded.ProtocolLevel);
    }

    [Fact]
    public void ConnectWithBytesBeyondItsFieldsIsAViolation()
    {
        byte[] bytes = [.. PacketCodec.Encode(new MqttConnectPacket { ClientId = "c" }), 0x00];
        bytes[1]++;

        Assert.Throws<MqttProtocolViolationException>(() => Decode(bytes));
    }

    private static byte[] PublishWithRawTopic(byte[] topic) =>
        [0x30, (byte)(2 + topic.Length), 0x00, (byte)topic.Length, .. topic];

    private static void Decode(byte[] bytes) => new MqttPacketDecoder().TryDecode(new ReadOnlySequence<byte>(bytes), out _, out _);

    private static bool Throws(byte[] bytes)
    {
        try
        {
            Decode(bytes);
            return false;
        }
        catch (MqttProtocolViolationException)
        {
            return true;
        }
    }
}
