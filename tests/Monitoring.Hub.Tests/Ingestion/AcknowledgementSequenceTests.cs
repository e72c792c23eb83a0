using System.Collections.Concurrent;
using Monitoring.Hub.Ingestion;
using Monitoring.Hub.Tests.Infrastructure;
using MQTTnet;
using MQTTnet.Packets;
using MQTTnet.Protocol;

namespace Monitoring.Hub.Tests.Ingestion;

/// <summary>
/// The order the hub acknowledges in, on received-message events whose acknowledgement is recorded
/// instead of sent (the sending itself is MQTTnet's, tested against the broker in IngestionSessionTests
/// and InfluxOutageTests).
/// </summary>
public sealed class AcknowledgementSequenceTests
{
    private readonly ConcurrentQueue<ushort> _sent = new();

    [Fact]
    public async Task AcknowledgementsGoOutInArrivalOrderWhateverOrderTheMessagesBecomeDurableIn()
    {
        var sequence = new AcknowledgementSequence();
        var places = Enumerable.Range(1, 4).Select(i => sequence.Register(Received((ushort)i))).ToList();

        places[3].Complete();
        places[1].Complete();
        places[2].Complete();
        Assert.Equal(4, sequence.Owed);
        Assert.Empty(_sent);

        places[0].Complete();
        await BoundedWait.UntilAsync(() => _sent.Count == 4, TimeSpan.FromSeconds(30), () => $"sent {string.Join(",", _sent)}", TestContext.Current.CancellationToken);
        Assert.Equal(new ushort[] { 1, 2, 3, 4 }, _sent.ToArray());
        Assert.Equal(0, sequence.Owed);
        await sequence.CloseAsync();
    }

    [Fact]
    public async Task NothingOwedIsAcknowledgedAfterItsConnectionEnded()
    {
        var sequence = new AcknowledgementSequence();
        var first = sequence.Register(Received(1));
        var second = sequence.Register(Received(2));
        second.Complete();

        await sequence.CloseAsync();
        first.Complete();

        // CloseAsync returned after the sender stopped: nothing can go out any more.
        Assert.Empty(_sent);
        Assert.Equal(0, sequence.Owed);
    }

    [Fact]
    public async Task AFailedAcknowledgementEndsTheSequenceSoNothingLaterOvertakesIt()
    {
        var sequence = new AcknowledgementSequence();
        var failing = sequence.Register(Received(1, fail: true));
        var later = sequence.Register(Received(2));

        later.Complete();
        failing.Complete();
        await BoundedWait.UntilAsync(() => !_sent.IsEmpty, TimeSpan.FromSeconds(30), () => "nothing was acknowledged", TestContext.Current.CancellationToken);
        await sequence.CloseAsync();

        Assert.Equal(new ushort[] { 1 }, _sent.ToArray());
    }

    private MqttApplicationMessageReceivedEventArgs Received(ushort packetId, bool fail = false)
    {
        var packet = new MqttPublishPacket { Topic = "rpm/v1/devices/ox-1/telemetry", PacketIdentifier = packetId, QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce };
        var message = new MqttApplicationMessageBuilder().WithTopic(packet.Topic).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
        return new MqttApplicationMessageReceivedEventArgs("hub-1", message, packet, (e, _) =>
        {
            _sent.Enqueue(packetId);
            return fail ? Task.FromException(new IOException("the connection is gone")) : Task.CompletedTask;
        });
    }
}
