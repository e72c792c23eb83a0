using System.Buffers;
using Monitoring.Mqtt.Formatter;
using Monitoring.Mqtt.Packets;
using Monitoring.Mqtt.Tests.Fakes;

namespace Monitoring.Mqtt.Tests.Formatter;

public sealed class MqttPacketEncoderTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(127, 1)]
    [InlineData(128, 2)]
    [InlineData(16_383, 2)]
    [InlineData(16_384, 3)]
    [InlineData(2_097_151, 3)]
    [InlineData(2_097_152, 4)]
    [InlineData(268_435_455, 4)]
    public void RemainingLengthTakesOneToFourBytes(int remainingLength, int size)
    {
        Assert.Equal(size, MqttPacketEncoder.GetRemainingLengthSize(remainingLength));
    }

    [Fact]
    public void PublishIsWrittenByteForByteAsTheSpecLaysItOut()
    {
        var bytes = PacketCodec.Encode(new MqttPublishPacket
        {
            Topic = "a/b",
            Payload = new byte[] { 0xAA },
            Qos = MqttQualityOfService.ExactlyOnce,
            Retain = true,
            Duplicate = true,
            PacketId = 0x0102,
        });

        Assert.Equal([0x3D, 0x08, 0x00, 0x03, 0x61, 0x2F, 0x62, 0x01, 0x02, 0xAA], bytes);
    }

    [Fact]
    public void DuplicateIsNeverSetOnQos0()
    {
        var bytes = PacketCodec.Encode(new MqttPublishPacket { Topic = "a", Duplicate = true });

        Assert.Equal(0x30, bytes[0]);
    }

    [Fact]
    public void ConnectIsWrittenByteForByteAsTheSpecLaysItOut()
    {
        var bytes = PacketCodec.Encode(new MqttConnectPacket { ClientId = "c", CleanSession = true, KeepAliveSeconds = 60, Username = "u", Password = new byte[] { 0x70 } });

        // 3.1.2: "MQTT", level 4, flags user+password+clean, keep-alive 60; 3.1.3: client id, user, password.
        Assert.Equal(
            [0x10, 0x13, 0x00, 0x04, 0x4D, 0x51, 0x54, 0x54, 0x04, 0xC2, 0x00, 0x3C, 0x00, 0x01, 0x63, 0x00, 0x01, 0x75, 0x00, 0x01, 0x70],
            bytes);
    }

    [Fact]
    public void MissingPacketIdentifiersAreRefused()
    {
        var output = new ArrayBufferWriter<byte>();

        Assert.Throws<ArgumentException>(() => MqttPacketEncoder.WritePublish(output, "a", [], MqttQualityOfService.AtLeastOnce, false, false, 0));
        Assert.Throws<ArgumentException>(() => MqttPacketEncoder.WriteIdentifierOnly(output, MqttPacketType.PubAck, 0));
        Assert.Throws<ArgumentException>(() => PacketCodec.Encode(new MqttSubscribePacket { PacketId = 0, Filters = [new MqttTopicFilter("a")] }));
    }

    [Fact]
    public void EmptySubscriptionListsAreRefused()
    {
        Assert.Throws<ArgumentException>(() => PacketCodec.Encode(new MqttSubscribePacket { PacketId = 1, Filters = [] }));
        Assert.Throws<ArgumentException>(() => PacketCodec.Encode(new MqttUnsubscribePacket { PacketId = 1, Filters = [] }));
    }

    [Fact]
    public void APasswordWithoutAUserNameIsRefused()
    {
        Assert.Throws<ArgumentException>(() => PacketCodec.Encode(new MqttConnectPacket { ClientId = "c", Password = new byte[] { 1 } }));
    }

    [Fact]
    public void AWillPayloadOver65535BytesIsRefused()
    {
        Assert.Throws<ArgumentException>(() => PacketCodec.Encode(new MqttConnectPacket { ClientId = "c", WillTopic = "w", WillPayload = new byte[65_536] }));
    }
}
