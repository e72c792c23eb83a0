using System.Buffers;
using System.Diagnostics;
using Monitoring.Mqtt.Formatter;
using Monitoring.Mqtt.Packets;
using Monitoring.Mqtt.Tests.Fakes;

namespace Monitoring.Mqtt.Tests.Formatter;

/// <summary>
/// Bytes from the network are hostile until decoded: whatever arrives, the decoder must answer "incomplete", a
/// packet, or <see cref="MqttProtocolViolationException"/> — never another exception, never a hang, never a large
/// allocation. Fixed seeds keep failures reproducible.
/// </summary>
public sealed class MqttPacketDecoderFuzzTests
{
    private const int MaxPacketSize = 4096;

    private static readonly byte[][] ValidPackets =
    [
        PacketCodec.Encode(new MqttConnectPacket
        {
            ClientId = "ox-0001", CleanSession = true, KeepAliveSeconds = 30, WillTopic = "rpm/v1/devices/ox-0001/status",
            WillPayload = "offline"u8.ToArray(), WillQos = MqttQualityOfService.AtLeastOnce, WillRetain = true,
            Username = "ox-0001", Password = "secret"u8.ToArray(),
        }),
        PacketCodec.Encode(new MqttConnAckPacket { SessionPresent = true }),
        PacketCodec.Encode(new MqttPublishPacket { Topic = "rpm/v1/devices/ox-0001/telemetry", Payload = "[{\"n\":\"spo2\",\"v\":92}]"u8.ToArray(), Qos = MqttQualityOfService.AtLeastOnce, PacketId = 77 }),
        PacketCodec.Encode(new MqttPublishPacket { Topic = "a/😀", Payload = new byte[200], Qos = MqttQualityOfService.ExactlyOnce, PacketId = 65535, Duplicate = true }),
        PacketCodec.Encode(new MqttPublishPacket { Topic = "t" }),
        PacketCodec.Encode(new MqttPubAckPacket(1)),
        PacketCodec.Encode(new MqttPubRecPacket(2)),
        PacketCodec.Encode(new MqttPubRelPacket(3)),
        PacketCodec.Encode(new MqttPubCompPacket(4)),
        PacketCodec.Encode(new MqttSubscribePacket { PacketId = 5, Filters = [new MqttTopicFilter("a/+/c"), new MqttTopicFilter("$share/g/#", MqttQualityOfService.ExactlyOnce)] }),
        PacketCodec.Encode(new MqttSubAckPacket { PacketId = 6, ReturnCodes = [MqttSubscribeReturnCode.GrantedQos1, MqttSubscribeReturnCode.Failure] }),
        PacketCodec.Encode(new MqttUnsubscribePacket { PacketId = 7, Filters = ["a/#", "b"] }),
        PacketCodec.Encode(new MqttUnsubAckPacket(8)),
        PacketCodec.Encode(MqttPingReqPacket.Instance),
        PacketCodec.Encode(MqttPingRespPacket.Instance),
        PacketCodec.Encode(MqttDisconnectPacket.Instance),
    ];

    [Fact]
    public void EveryTruncationOfAValidPacketIsIncomplete()
    {
        var decoder = new MqttPacketDecoder(MaxPacketSize);
        foreach (var packet in ValidPackets)
        {
            for (var length = 0; length < packet.Length; length++)
            {
                Assert.False(decoder.TryDecode(new ReadOnlySequence<byte>(packet, 0, length), out _, out _));
                Assert.False(decoder.TryDecode(Sequences.Segmented(packet.AsMemory(0, length), 3), out _, out _));
            }

            Assert.True(decoder.TryDecode(new ReadOnlySequence<byte>(packet), out _, out _));
        }
    }

    [Fact]
    public void RandomBytesOnlyDecodeIncompleteOrThrowViolations()
    {
        var random = new Random(20261122);
        var buffer = new byte[64];
        var outcomes = new Outcomes();
        for (var i = 0; i < 150_000; i++)
        {
            var length = random.Next(buffer.Length + 1);
            random.NextBytes(buffer.AsSpan(0, length));
            if (length > 1 && random.Next(4) != 0)
            {
                // Mostly plausible headers, or nearly everything dies on the type check or waits for a body.
                buffer[0] = (byte)((random.Next(1, 15) << 4) | (random.Next(3) == 0 ? random.Next(16) : 0));
                buffer[1] = (byte)random.Next(Math.Min(length - 1, 128));
            }

            DecodeAll(buffer.AsMemory(0, length), random.Next(1, 8), outcomes);
        }

        // The corpus reached past the header checks into every kind of body.
        Assert.True(outcomes.Decoded > 1_000, $"only {outcomes.Decoded} packets decoded");
        Assert.True(outcomes.Violations > 10_000, $"only {outcomes.Violations} violations");
    }

    [Fact]
    public void MutatedValidPacketsOnlyDecodeIncompleteOrThrowViolations()
    {
        var random = new Random(4711);
        var outcomes = new Outcomes();
        for (var i = 0; i < 150_000; i++)
        {
            var original = ValidPackets[random.Next(ValidPackets.Length)];
            var mutated = (byte[])original.Clone();
            var mutations = random.Next(1, 4);
            for (var m = 0; m < mutations; m++)
            {
                switch (random.Next(3))
                {
                    case 0:
                        mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
                        break;
                    case 1:
                        mutated[random.Next(mutated.Length)] ^= (byte)(1 << random.Next(8));
                        break;
                    default:
                        mutated = mutated[..random.Next(mutated.Length + 1)];
                        if (mutated.Length == 0)
                        {
                            mutated = [(byte)random.Next(256)];
                        }

                        break;
                }
            }

            DecodeAll(mutated, random.Next(1, 8), outcomes);
        }

        Assert.True(outcomes.Decoded > 10_000, $"only {outcomes.Decoded} packets decoded");
        Assert.True(outcomes.Violations > 10_000, $"only {outcomes.Violations} violations");
    }

    [Fact]
    public void HugeDeclaredLengthsFailWithoutWaitingOrAllocating()
    {
        var decoder = new MqttPacketDecoder(MaxPacketSize);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var type = 1; type < 15; type++)
        {
            var flags = type is 3 or 6 or 8 or 10 ? (type == 3 ? 0 : 2) : 0;
            byte[] header = [(byte)((type << 4) | flags), 0xFF, 0xFF, 0xFF, 0x7F];
            Assert.Throws<MqttProtocolViolationException>(() => decoder.TryDecode(new ReadOnlySequence<byte>(header), out _, out _));
        }

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 256 * 1024);
    }

    private static void DecodeAll(ReadOnlyMemory<byte> data, int segmentSize, Outcomes outcomes)
    {
        var decoder = new MqttPacketDecoder(MaxPacketSize);
        var sequence = Sequences.Segmented(data, segmentSize);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            // Each decoded packet consumes at least two bytes, so this ends.
            while (decoder.TryDecode(sequence, out var packet, out var consumed))
            {
                Assert.NotNull(packet);
                Assert.True(sequence.Slice(consumed).Length <= sequence.Length - 2);
                sequence = sequence.Slice(consumed);
                outcomes.Decoded++;
            }
        }
        catch (MqttProtocolViolationException)
        {
            outcomes.Violations++;
        }

        Assert.True(stopwatch.ElapsedMilliseconds < 1_000, "a decode took too long");
    }

    private sealed class Outcomes
    {
        public int Decoded { get; set; }

        public int Violations { get; set; }
    }
}
