using System.Buffers;
using Monitoring.Mqtt.Formatter;
using Monitoring.Mqtt.Internal;
using Monitoring.Mqtt.Packets;

namespace Monitoring.Mqtt.Tests.Internal;

public sealed class IncomingAckSequencerTests
{
    private readonly IncomingQos2Store _qos2 = new();
    private int _wakeUps;

    [Fact]
    public void AcknowledgementsLeaveInArrivalOrder()
    {
        var sequencer = CreateSequencer();
        var first = sequencer.Register(10, exactlyOnce: false);
        var second = sequencer.Register(11, exactlyOnce: false);
        var third = sequencer.Register(12, exactlyOnce: false);

        sequencer.Acknowledge(third);
        sequencer.Acknowledge(second);
        Assert.Empty(Drain(sequencer));
        Assert.Equal(0, _wakeUps);

        sequencer.Acknowledge(first);
        Assert.Equal(1, _wakeUps);
        Assert.Equal([(MqttPacketType.PubAck, 10), (MqttPacketType.PubAck, 11), (MqttPacketType.PubAck, 12)], Drain(sequencer));
    }

    [Fact]
    public void Qos2AcknowledgementsBecomePubRecAndAreRemembered()
    {
        var sequencer = CreateSequencer();
        var sequence = sequencer.Register(7, exactlyOnce: true);

        Assert.False(_qos2.Contains(7));
        sequencer.Acknowledge(sequence);

        Assert.True(_qos2.Contains(7));
        Assert.Equal([(MqttPacketType.PubRec, 7)], Drain(sequencer));
    }

    [Fact]
    public void ARedeliveryAnsweredAtOnceStillWaitsForEarlierMessages()
    {
        var sequencer = CreateSequencer();
        var first = sequencer.Register(1, exactlyOnce: false);
        sequencer.Register(2, exactlyOnce: true, acknowledged: true);

        Assert.Empty(Drain(sequencer));
        sequencer.Acknowledge(first);

        Assert.Equal([(MqttPacketType.PubAck, 1), (MqttPacketType.PubRec, 2)], Drain(sequencer));
    }

    [Fact]
    public void AcknowledgingTwiceOrAfterCloseDoesNothing()
    {
        var sequencer = CreateSequencer();
        var first = sequencer.Register(1, exactlyOnce: false);
        var second = sequencer.Register(2, exactlyOnce: false);

        sequencer.Acknowledge(first);
        sequencer.Acknowledge(first);
        Assert.Equal([(MqttPacketType.PubAck, 1)], Drain(sequencer));

        sequencer.Close();
        sequencer.Acknowledge(second);
        Assert.Empty(Drain(sequencer));
    }

    [Fact]
    public void TheWriterIsWokenOncePerBatch()
    {
        var sequencer = CreateSequencer();
        var sequences = Enumerable.Range(1, 100).Select(i => sequencer.Register((ushort)i, exactlyOnce: false)).ToList();

        foreach (var sequence in sequences)
        {
            sequencer.Acknowledge(sequence);
        }

        Assert.Equal(1, _wakeUps);
        Assert.Equal(100, Drain(sequencer).Count);
        sequencer.Acknowledge(sequencer.Register(101, exactlyOnce: false));
        Assert.Equal(2, _wakeUps);
    }

    [Fact]
    public void TheRingGrowsBeyondItsInitialSizeAndKeepsOrder()
    {
        var sequencer = CreateSequencer();
        var sequences = Enumerable.Range(1, 5_000).Select(i => sequencer.Register((ushort)i, exactlyOnce: false)).ToList();

        for (var i = sequences.Count - 1; i >= 0; i--)
        {
            sequencer.Acknowledge(sequences[i]);
        }

        Assert.Equal(Enumerable.Range(1, 5_000), Drain(sequencer).Select(a => a.PacketId));
    }

    [Fact]
    public void ReadingWaitsAtTheLimitUntilTheFrontIsAcknowledgedAndWritten()
    {
        var sequencer = CreateSequencer();
        var sequences = new List<long>();
        for (var i = 0; i < IncomingAckSequencer.Limit; i++)
        {
            // Packet Identifiers repeat, as they do when a broker overruns its window.
            sequences.Add(sequencer.Register((ushort)(i % 1000 + 1), exactlyOnce: false));
        }

        var room = sequencer.WaitForRoomAsync();
        Assert.False(room.IsCompleted);

        foreach (var sequence in sequences.Skip(1))
        {
            sequencer.Acknowledge(sequence);
        }

        Assert.Empty(Drain(sequencer));
        Assert.False(room.IsCompleted);

        sequencer.Acknowledge(sequences[0]);
        Assert.False(room.IsCompleted);
        Assert.Equal(IncomingAckSequencer.Limit, Drain(sequencer).Count);
        Assert.True(room.IsCompletedSuccessfully);
        Assert.Equal(0, sequencer.Outstanding);
        Assert.True(sequencer.WaitForRoomAsync().IsCompleted);
    }

    [Fact]
    public void BelowTheLimitReadingNeverWaits()
    {
        var sequencer = CreateSequencer();
        for (var i = 0; i < IncomingAckSequencer.Limit - 1; i++)
        {
            sequencer.Register(1, exactlyOnce: false);
        }

        Assert.True(sequencer.WaitForRoomAsync().IsCompleted);
    }

    [Fact]
    public void ClosingReleasesAWaitingReader()
    {
        var sequencer = CreateSequencer();
        for (var i = 0; i < IncomingAckSequencer.Limit + 10; i++)
        {
            sequencer.Register(1, exactlyOnce: false);
        }

        var room = sequencer.WaitForRoomAsync();
        Assert.False(room.IsCompleted);

        sequencer.Close();

        Assert.True(room.IsCompletedSuccessfully);
    }

    private IncomingAckSequencer CreateSequencer() => new(_qos2, () => _wakeUps++);

    private static List<(MqttPacketType Type, int PacketId)> Drain(IncomingAckSequencer sequencer)
    {
        var output = new ArrayBufferWriter<byte>();
        var count = sequencer.Drain(output);
        var decoder = new MqttPacketDecoder();
        var sequence = new ReadOnlySequence<byte>(output.WrittenMemory);
        var packets = new List<(MqttPacketType, int)>();
        while (decoder.TryDecode(sequence, out var packet, out var consumed))
        {
            packets.Add(packet switch
            {
                MqttPubAckPacket ack => (MqttPacketType.PubAck, ack.PacketId),
                MqttPubRecPacket rec => (MqttPacketType.PubRec, rec.PacketId),
                _ => throw new InvalidOperationException(packet.Type.ToString()),
            });
            sequence = sequence.Slice(consumed);
        }

        Assert.Equal(count, packets.Count);
        return packets;
    }
}
