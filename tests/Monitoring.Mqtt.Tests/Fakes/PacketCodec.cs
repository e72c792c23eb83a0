using System.Buffers;
using Monitoring.Mqtt.Formatter;
using Monitoring.Mqtt.Packets;

namespace Monitoring.Mqtt.Tests.Fakes;

/// <summary>Encode to bytes and decode from bytes in one call, for tests.</summary>
internal static class PacketCodec
{
    public static byte[] Encode(MqttPacket packet)
    {
        var output = new ArrayBufferWriter<byte>();
        MqttPacketEncoder.Encode(packet, output);
        return output.WrittenSpan.ToArray();
    }

    public static T Decode<T>(byte[] bytes, int maxPacketSize = MqttPacketDecoder.MaxRemainingLength)
        where T : MqttPacket
    {
        var sequence = new ReadOnlySequence<byte>(bytes);
        Assert.True(new MqttPacketDecoder(maxPacketSize).TryDecode(sequence, out var packet, out var consumed), "packet incomplete");
        Assert.Equal(sequence.End, consumed);
        return Assert.IsType<T>(packet);
    }

    public static T RoundTrip<T>(T packet)
        where T : MqttPacket => Decode<T>(Encode(packet));
}
