using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Monitoring.Mqtt.Internal;
using Monitoring.Mqtt.Packets;
using Microsoft.Extensions.Time.Testing;
using Monitoring.Mqtt.Tests.Fakes;

namespace Monitoring.Mqtt.Tests;

/// <summary>The client against a scripted broker on loopback: what goes over the wire, in which order, and when.</summary>
public sealed class MqttClientTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ConnectSendsTheConfiguredConnectPacket()
    {
        await using var broker = new FakeBroker();
        await using var client = new MqttClient(new MqttClientOptions
        {
            Host = "127.0.0.1",
            Port = broker.Port,
            ClientId = "hub-7",
            Username = "hub",
            Password = "dev-mqtt-hub",
            CleanSession = false,
            KeepAlive = TimeSpan.FromSeconds(17),
            Will = new MqttWill("rpm/v1/hubs/hub-7/status", "offline"u8.ToArray(), MqttQualityOfService.AtLeastOnce, Retain: true),
        });

        var result = await client.ConnectAsync(Ct);
        var connect = (await broker.AcceptAsync()).Connect;

        Assert.Equal(new MqttConnectResult(MqttConnectReturnCode.Accepted, false), result);
        Assert.True(result.IsSuccess);
        Assert.True(client.IsConnected);
        Assert.Equal("hub-7", connect.ClientId);
        Assert.Equal("hub", connect.Username);
        Assert.Equal("dev-mqtt-hub"u8.ToArray(), connect.Password!.Value.ToArray());
        Assert.False(connect.CleanSession);
        Assert.Equal(17, connect.KeepAliveSeconds);
        Assert.Equal("rpm/v1/hubs/hub-7/status", connect.WillTopic);
        Assert.Equal("offline"u8.ToArray(), connect.WillPayload.ToArray());
        Assert.Equal(MqttQualityOfService.AtLeastOnce, connect.WillQos);
        Assert.True(connect.WillRetain);
    }

    [Theory]
    [InlineData(MqttConnectReturnCode.BadUsernameOrPassword)]
    [InlineData(MqttConnectReturnCode.NotAuthorized)]
    [InlineData(MqttConnectReturnCode.ServerUnavailable)]
    [InlineData(MqttConnectReturnCode.IdentifierRejected)]
    public async Task ARefusedConnectThrowsWithTheBrokersReason(MqttConnectReturnCode code)
    {
        await using var broker = new FakeBroker { OnConnect = _ => new MqttConnAckPacket { ReturnCode = code } };
        await using var client = new MqttClient(broker.Options());

        var refused = await Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync(Ct));

        Assert.Equal(code, refused.ReturnCode);
        Assert.False(client.IsConnected);

        // Refusal leaves the client usable: the next attempt may succeed.
        broker.OnConnect = _ => new MqttConnAckPacket();
        Assert.True((await client.ConnectAsync(Ct)).IsSuccess);
    }

    [Fact]
    public async Task ConnectingToAClosedPortThrowsSocketException()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var client = new MqttClient(new MqttClientOptions { Host = "127.0.0.1", Port = port, ClientId = "c" });

        await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(Ct));
    }

    [Fact]
    public async Task ConnectTimesOutWhenNoConnAckArrives()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            await using var client = new MqttClient(new MqttClientOptions
            {
                Host = "127.0.0.1",
                Port = ((IPEndPoint)listener.LocalEndpoint).Port,
                ClientId = "c",
                ConnectTimeout = TimeSpan.FromMilliseconds(300),
            });

            await Assert.ThrowsAsync<TimeoutException>(() => client.ConnectAsync(Ct));
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task ABrokerThatClosesInsteadOfAnsweringIsAnIOException()
    {
        await using var broker = new FakeBroker { OnConnect = _ => null };
        await using var client = new MqttClient(broker.Options());

        await Assert.ThrowsAnyAsync<IOException>(() => client.ConnectAsync(Ct));
    }

    [Fact]
    public async Task OperationsBeforeConnectAreRefused()
    {
        await using var client = new MqttClient(new MqttClientOptions { Host = "127.0.0.1", ClientId = "c" });

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.PublishAsync(new MqttApplicationMessage("a", default), Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.SubscribeAsync([new MqttTopicFilter("a")], Ct));
    }

    [Fact]
    public async Task InvalidTopicsAndFiltersAreRejectedBeforeAnythingIsSent()
    {
        await using var broker = new FakeBroker();
        await using var client = new MqttClient(broker.Options());
        await client.ConnectAsync(Ct);

        Assert.Throws<ArgumentException>(() => { _ = client.PublishAsync(new MqttApplicationMessage("a/+", default), Ct); });
        Assert.Throws<ArgumentException>(() => { _ = client.PublishAsync(new MqttApplicationMessage("", default), Ct); });
        Assert.Throws<ArgumentException>(() => { _ = client.SubscribeAsync([new MqttTopicFilter("a/#/b")], Ct); });
        Assert.Throws<ArgumentException>(() => { _ = client.SubscribeAsync([], Ct); });
        Assert.Throws<ArgumentException>(() => { _ = client.UnsubscribeAsync(["a+"], Ct); });
    }

    [Fact]
    public async Task Qos0PublishCompletesOnceWritten()
    {
        await using var broker = new FakeBroker();
        await using var client = new MqttClient(broker.Options());
        await client.ConnectAsync(Ct);
        var connection = await broker.AcceptAsync();

        await client.PublishAsync(new MqttApplicationMessage("rpm/v1/devices/ox-1/status", "online"u8.ToArray(), Retain: true), Ct).WaitAsync(Timeout, Ct);
        var publish = await connection.ReceiveAsync<MqttPublishPacket>();

        Assert.Equal("rpm/v1/devices/ox-1/status", publish.Topic);
        Assert.Equal("online"u8.ToArray(), publish.Payload.ToArray());
        Assert.Equal(MqttQualityOfService.AtMostOnce, publish.Qos);
        Assert.True(publish.Retain);
        Assert.Equal(0, publish.PacketId);
    }

    [Fact]
    public async Task Qos1PublishCompletesOnPubAck()
    {
        await using var broker = new FakeBroker();
        await using var client = new MqttClient(broker.Options());
        await client.ConnectAsync(Ct);
        var connection = await broker.AcceptAsync();

        var task = client.PublishAsync(new MqttApplicationMessage("a/b", new byte[] { 1, 2 }, MqttQualityOfService.AtLeastOnce), Ct);
        var publish = await connection.ReceiveAsync<MqttPublishPacket>();
        await Task.Delay(50, Ct);
        Assert.False(task.IsCompleted);
        await connection.SendAsync(new MqttPubAckPacket(publish.PacketId));

        await task.WaitAsync(Timeout, Ct);
        Assert.Equal(MqttQualityOfService.AtLeastOnce, publish.Qos);
        Assert.False(publish.Duplicate);
        Assert.NotEqual(0, publish.PacketId);
    }

    [Fact]
    public async Task Qos2PublishReleasesOnPubRecAndCompletesOnPubComp()
    {
        await using var broker = new FakeBroker();
        await using var client = new MqttClient(broker.Options());
        await client.ConnectAsync(Ct);
        var connection = await broker.AcceptAsync();

        var task = client.PublishAsync(new MqttApplicationMessage("a/b", default, MqttQualityOfService.ExactlyOnce), Ct);
        var publish = await connection.ReceiveAsync<MqttPublishPacket>();
        await connection.SendAsync(new MqttPubRecPacket(publish.PacketId));
        var pubRel = await connection.ReceiveAsync<MqttPubRelPacket>();
        Assert.Equal(publish.PacketId, pubRel.PacketId);
        Assert.False(task.IsCompleted);
        await connection.SendAsync(new MqttPubCompPacket(publish.PacketId));

        await task.WaitAsync(Timeout, Ct);
    }

    [Fact]
    public async Task ConcurrentPublishesGetDistinctNonZeroIdentifiers()
    {
        await using var broker = new FakeBroker();
        await using var client = new MqttClient(broker.Options());
        await client.ConnectAsync(Ct);
        var connection = await broker.AcceptAsync();

        var tasks = Enumerable.Range(0, 50).Select(i => client.PublishAsync(new MqttApplicationMessage("t", new[] { (byte)i }, MqttQualityOfService.AtLeastOnce), Ct)).ToList();
        var ids = new List<ushort>();
        for (var i = 0; i < 50; i++)
        {
            ids.Add((await connection.ReceiveAsync<MqttPublishPacket>()).PacketId);
        }

        Assert.Equal(50, ids.Distinct().Count());
        Assert.DoesNotContain((ushort)0, ids);
        foreach (var id in ids)
        {
            await connection.SendAsync(new MqttPubAckPacket(id));
        }

        await Task.WhenAll(tasks).WaitAsync(Timeout, Ct);
    }

    [Fact]
    public async Task PublishWaitsWhileTheInFlightWindowIsFull()
    {
        await using var broker = new FakeBroker();
        var options = broker.Options();
        await using var client = new MqttClient(new MqttClientOptions { Host = options.Host, Port = options.Port, ClientId = "c", MaxInFlight = 2 });
        await client.ConnectAsync(Ct);
        var connection = await broker.AcceptAsync();

        var first = client.PublishAsync(new MqttApplicationMessage("t", new byte[] { 1 }, MqttQualityOfService.AtLeastOnce), Ct);
        var second = client.PublishAsync(new MqttApplicationMessage("t", new byte[] { 2 }, MqttQualityOfService.AtLeastOnce), Ct);
        var third = client.PublishAsync(new MqttApplicationMessage("t", new byte[] { 3 }, MqttQualityOfService.AtLeastOnce), Ct);
        var firstPublish = await connection.ReceiveAsync<MqttPublishPacket>();
        var secondPublish = await connection.ReceiveAsync<MqttPublishPacket>();

        Assert.Null(await connection.TryReceiveAsync(Quiet));
        Assert.False(third.IsCompleted);

        await connection.SendAsync(new MqttPubAckPacket(firstPublish.PacketId));
        var thirdPublish = await connection.ReceiveAsync<MqttPublishPacket>();
        Assert.Equal([3], thirdPublish.Payload.ToArray());
        Assert.NotEqual(secondPublish.PacketId, thirdPublish.PacketId);

        await connection.SendAsync(new MqttPubAckPacket(secondPublish.PacketId));
        await connection.SendAsync(new MqttPubAckPacket(thirdPublish.PacketId));
        await Task.WhenAll(first, second, third).WaitAsync(Timeout, Ct);
    }

    [Fact]
    public async Task APublishWaitingForTheWindowCanBeCancelled()
    {
        await using var broker = new FakeBroker();
        var options = broker.Options();
        await using var client = new MqttClient(new MqttClientOptions { Host = options.Host, Port = options.Port, ClientId = "c", MaxInFlight = 1 });
        await client.ConnectAsync(Ct);
        var connection = await broker.AcceptAsync();
        _ = client.PublishAsync(new MqttApplicationMessage("t", default, MqttQualityOfService.AtLeastOnce), Ct);
        await connection.ReceiveAsync<MqttPublishPacket>();

        using var cancel = new CancellationTokenSource(100);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => client.PublishAsync(new MqttApplicationMessage("t", default, MqttQualityOfService.AtLeastOnce), cancel.Token));

        // The cancelled message never goes out, even after the window opens.
        await connection.SendAsync(new MqttPubAckPacket(1));
        Assert.Null(await connection.TryReceiveAsync(Quiet));
    }

    [Fact]
    public async Task Qos1MessagesAreAcknowledgedOnlyWhenTheConsumerAcknowledges()
    {
        await using var broker = new FakeBroker();
        await using var client = new MqttClient(broker.Options());
        await client.ConnectAsync(Ct);
        var connection = await broker.AcceptAsync();

        await connection.SendAsync(Publish(5, MqttQualityOfService.AtLeastOnce, "payload"u8.ToArray()));
        var message = await ReadMessageAsync(client);

        Assert.Equal("rpm/v1/devices/ox-1/telemetry", message.Topic);
        Assert.Equal("payload"u8.ToArray(), message.Payload.ToArray());
        Assert.Equal(MqttQualityOfService.AtLeastOnce, message.Qos);
        Assert.Equal(5, message.PacketId);
        Assert.Null(await connection.TryReceiveAsync(Quiet));

        await message.AcknowledgeAsync(Ct);
        Assert.Equal(5, (await connection.ReceiveAsync<MqttPubAckPacket>()).PacketId);

        // A second acknowledgement sends nothing more.
        await message.AcknowledgeAsync(Ct);
        Assert.Null(await connection.TryReceiveAsync(Quiet));
    }

    [Fact]
    public async Task AcknowledgementsLeaveInTheOrderTheMessagesArrived()
    {
        await using var broker = new FakeBroker();
        await using var client = new MqttClient(broker.Options());
        await client.ConnectAsync(Ct);
        var connection = await broker.AcceptAsync();

        await connection.SendAsync(Publish(1, MqttQualityOfService.AtLeastOnce));
        await connection.SendAsync(Publish(2, MqttQualityOfService.ExactlyOnce));
        await connection.SendAsync(Publish(3, MqttQualityOfService.AtLeastOnce));
        var first = await ReadMessageAsync(client);
        var second = await ReadMessageAsync(client);
        var third = await ReadMessageAsync(client);

        await third.AcknowledgeAsync(Ct);
        await first.AcknowledgeAsync(Ct);
        Assert.Equal(1, (await connection.ReceiveAsync<MqttPubAckPacket>()).PacketId);
        Assert.Null(await connection.TryReceiveAsync(Quiet));

        await second.AcknowledgeAsync(Ct);
        Assert.Equal(2, (await connection.ReceiveAsync<MqttPubRecPacket>()).PacketId);
        Assert.Equal(3, (await connection.ReceiveAsync<MqttPubAckPacket>()).PacketId);
    }

    [Fact]
    public async Task Qos2MessagesAreDeliveredOnceAndCompletedOnPubRel()
    {
        await using var broker = new FakeBroker();
        await using var client = new MqttClient(broker.Options());
        await client.ConnectAsync(Ct);
        var connection = await broker.AcceptAsync();

        await connection.SendAsync(Publish(9, MqttQualityOfService.ExactlyOnce, [1]));
        var message = await ReadMessageAsync(client);
        Assert.Null(await connection.TryReceiveAsync(Quiet));
        await message.AcknowledgeAsync(Ct);
        Assert.Equal(9, (await connection.ReceiveAsync<MqttPubRecPacket>()).PacketId);

        // A redelivery before PUBREL is answered, not delivered again (spec 4.3.3).
        await connection.SendAsync(Publish(9, MqttQualityOfService.ExactlyOnce, [1], duplicate: true));
        Assert.Equal(9, (await connection.ReceiveAsync<MqttPubRecPacket>()).PacketId);
        Assert.False(client.Messages.TryRead(out _));

        await connection.SendAsync(new MqttPubRelPacket(9));
        Assert.Equal(9, (await connection.ReceiveAsync<MqttPubCompPacket>()).PacketId);

        // After PUBCOMP the identifier is free: the same id is a new message.
        await connection.SendAsync(Publish(9, MqttQualityOfService.ExactlyOnce, [2]));
        Assert.Equal([2], (await ReadMessageAsync(client)).Payload.ToArray());
    }

    [Fact]
    public async Task Qos0MessagesNeedNoAcknowledgement()
    {
        await using var broker = new FakeBroker();
        await using var client = new MqttClient(broker.Options());
        await client.ConnectAsync(Ct);
        var connection = await broker.AcceptAsync();

        await connection.SendAsync(Publish(0, MqttQualityOfService.AtMostOnce, retain: true));
        var message = await ReadMessageAsync(client);
        await message.AcknowledgeAsync(Ct);

        Assert.True(message.Retain);
        Assert.Equal(0, message.PacketId);
        Assert.Null(await connection.TryReceiveAsync(Quiet));
    }

    [Fact]
    public async Task MessagesSentRightAfterConnAckWaitForALateConsumer()
    {
        await using var broker = new FakeBroker();
        await using var client = new MqttClient(broker.Options());
        await client.ConnectAsync(Ct);
        var connection = await broker.AcceptAsync();
        await connection.SendAsync(Publish(1, MqttQualityOfService.AtLeastOnce));
        await Task.Delay(200, Ct);

        Assert.Equal(1, (await ReadMessageAsync(client)).PacketId);
    }

    [Fact]
    public async Task AFullReceiveQueuePausesReadingAndLosesNothing()
    {
        await using var broker = new FakeBroker();
        var options = broker.Options();
        await using var client = new MqttClient(new MqttClientOptions { Host = options.Host, Port = options.Port, ClientId = "c", ReceiveQueueCapacity = 4 });
        await client.ConnectAsync(Ct);
        var connection = await broker.AcceptAsync();

        const int count = 500;
        for (var i = 1; i <= count; i++)
        {
            await connection.SendAsync(Publish((ushort)i, MqttQualityOfService.AtLeastOnce, BitConverter.GetBytes(i)));
        }

        await Task.Delay(200, Ct);
        for (var i = 1; i <= count; i++)
        {
            var message = await ReadMessageAsync(client);
            Assert.Equal(i, BitConverter.ToInt32(message.Payload.Span));
            await message.AcknowledgeAsync(Ct);
        }

        for (var i = 1; i <= count; i++)
        {
            Assert.Equal(i, (await connection.ReceiveAsync<MqttPubAckPacket>()).PacketId);
        }

        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task AnAcknowledgementAfterTheConnectionDroppedIsNotSent()
    {
        await using var broker = new FakeBroker();
        await using var client = new MqttClient(broker.Options());
        await client.ConnectAsync(Ct);
        var first = await broker.AcceptAsync();
        await first.SendAsync(Publish(1, MqttQualityOfService.AtLeastOnce));
        var stale = await ReadMessageAsync(client);

        await first.DisposeAsync();
        var second = await broker.AcceptAsync();
        await stale.AcknowledgeAsync(Ct);
        await second.SendAsync(Publish(2, MqttQualityOfService.AtLeastOnce));
        await (await ReadMessageAsync(client)).AcknowledgeAsync(Ct);

        // Had the stale acknowledgement gone out on the new connection, PUBACK 1 would come first.
        Assert.Equal(2, (await second.ReceiveAsync<MqttPubAckPacket>()).PacketId);
    }

    [Fact]
    public async Task WithTheSessionPresentUnacknowledgedPublishesAreResentWithDup()
    {
        var connects = 0;
        await using var broker = new FakeBroker { OnConnect = _ => new MqttConnAckPacket { SessionPresent = Interlocked.Increment(ref connects) > 1 } };
        var options = broker.Options();
        await using var client = new MqttClient(new MqttClientOptions { Host = options.Host, Port = options.Port, ClientId = "c", CleanSession = false, ReconnectMinDelay = options.ReconnectMinDelay });
        await client.ConnectAsync(Ct);
        var first = await broker.AcceptAsync();

        var atLeastOnce = client.PublishAsync(new MqttApplicationMessage("a", new byte[] { 1 }, MqttQualityOfService.AtLeastOnce), Ct);
        var exactlyOnce = client.PublishAsync(new MqttApplicationMessage("b", new byte[] { 2 }, MqttQualityOfService.ExactlyOnce), Ct);
        var original = await first.ReceiveAsync<MqttPublishPacket>();
        var released = await first.ReceiveAsync<MqttPublishPacket>();
        await first.SendAsync(new MqttPubRecPacket(released.PacketId));
        await first.ReceiveAsync<MqttPubRelPacket>();
        await first.DisposeAsync();

        var second = await broker.AcceptAsync();
        var resent = await second.ReceiveAsync<MqttPublishPacket>();
        Assert.True(resent.Duplicate);
        Assert.Equal(original.PacketId, resent.PacketId);
        Assert.Equal([1], resent.Payload.ToArray());
        Assert.Equal(released.PacketId, (await second.ReceiveAsync<MqttPubRelPacket>()).PacketId);
        Assert.False(atLeastOnce.IsCompleted || exactlyOnce.IsCompleted);

        await second.SendAsync(new MqttPubAckPacket(resent.PacketId));
        await second.SendAsync(new MqttPubCompPacket(released.PacketId));
        await Task.WhenAll(atLeastOnce, exactlyOnce).WaitAsync(Timeout, Ct);
    }

    [Fact]
    public async Task WithoutASessionPublishesGoOutAgainAsNewAndGrantedSubscriptionsAreRestored()
    {
        await using var broker = new FakeBroker();
        await using var client = new MqttClient(broker.Options());
        await client.ConnectAsync(Ct);
        var first = await broker.AcceptAsync();

        var subscribe = client.SubscribeAsync([new MqttTopicFilter("rpm/+/telemetry"), new MqttTopicFilter("forbidden/#", MqttQualityOfService.ExactlyOnce), new MqttTopicFilter("gone")], Ct);
        var request = await first.ReceiveAsync<MqttSubscribePacket>();
        await first.SendAsync(new MqttSubAckPacket { PacketId = request.PacketId, ReturnCodes = [MqttSubscribeReturnCode.GrantedQos1, MqttSubscribeReturnCode.Failure, MqttSubscribeReturnCode.GrantedQos0] });
        Assert.Equal([MqttSubscribeReturnCode.GrantedQos1, MqttSubscribeReturnCode.Failure, MqttSubscribeReturnCode.GrantedQos0], (await subscribe.WaitAsync(Timeout, Ct)).Codes);

        var unsubscribe = client.UnsubscribeAsync(["gone"], Ct);
        var unsubscribeRequest = await first.ReceiveAsync<MqttUnsubscribePacket>();
        Assert.Equal(["gone"], unsubscribeRequest.Filters);
        await first.SendAsync(new MqttUnsubAckPacket(unsubscribeRequest.PacketId));
        await unsubscribe.WaitAsync(Timeout, Ct);

        var publish = client.PublishAsync(new MqttApplicationMessage("a", new byte[] { 7 }, MqttQualityOfService.AtLeastOnce), Ct);
        var original = await first.ReceiveAsync<MqttPublishPacket>();
        await first.DisposeAsync();

        var second = await broker.AcceptAsync();
        var again = await second.ReceiveAsync<MqttPublishPacket>();
        Assert.False(again.Duplicate);
        Assert.Equal(original.Payload.ToArray(), again.Payload.ToArray());
        var resubscribe = await second.ReceiveAsync<MqttSubscribePacket>();
        Assert.Equal([new MqttTopicFilter("rpm/+/telemetry")], resubscribe.Filters);

        await second.SendAsync(new MqttSubAckPacket { PacketId = resubscribe.PacketId, ReturnCodes = [MqttSubscribeReturnCode.GrantedQos1] });
        await second.SendAsync(new MqttPubAckPacket(again.PacketId));
        await publish.WaitAsync(Timeout, Ct);
    }

    [Fact]
    public async Task UnansweredResubscriptionsDoNotPileUpAcrossReconnects()
    {
        await using var broker = new FakeBroker();
        await using var client = new MqttClient(broker.Options());
        await client.ConnectAsync(Ct);
        var first = await broker.AcceptAsync();
        var subscribe = client.SubscribeAsync([new MqttTopicFilter("a")], Ct);
        await first.SendAsync(new MqttSubAckPacket { PacketId = (await first.ReceiveAsync<MqttSubscribePacket>()).PacketId, ReturnCodes = [MqttSubscribeReturnCode.GrantedQos1] });
        await subscribe.WaitAsync(Timeout, Ct);
        await first.DisposeAsync();

        var second = await broker.AcceptAsync();
        await second.ReceiveAsync<MqttSubscribePacket>();
        await second.DisposeAsync();

        var third = await broker.AcceptAsync();
        Assert.Equal([new MqttTopicFilter("a")], (await third.ReceiveAsync<MqttSubscribePacket>()).Filters);
        Assert.Null(await third.TryReceiveAsync(Quiet));
    }

    [Fact]
    public async Task AFilterBeingUnsubscribedDuringAReconnectIsNotRestored()
    {
        await using var broker = new FakeBroker();
        await using var client = new MqttClient(broker.Options());
        await client.ConnectAsync(Ct);
        var first = await broker.AcceptAsync();
        var subscribe = client.SubscribeAsync([new MqttTopicFilter("a"), new MqttTopicFilter("b")], Ct);
        await first.SendAsync(new MqttSubAckPacket { PacketId = (await first.ReceiveAsync<MqttSubscribePacket>()).PacketId, ReturnCodes = [MqttSubscribeReturnCode.GrantedQos1, MqttSubscribeReturnCode.GrantedQos1] });
        await subscribe.WaitAsync(Timeout, Ct);
        var unsubscribe = client.UnsubscribeAsync(["a"], Ct);
        await first.ReceiveAsync<MqttUnsubscribePacket>();
        await first.DisposeAsync();

        var second = await broker.AcceptAsync();
        var resent = await second.ReceiveAsync<MqttUnsubscribePacket>();
        Assert.Equal(["a"], resent.Filters);
        Assert.Equal([new MqttTopicFilter("b")], (await second.ReceiveAsync<MqttSubscribePacket>()).Filters);
        await second.SendAsync(new MqttUnsubAckPacket(resent.PacketId));
        await unsubscribe.WaitAsync(Timeout, Ct);
    }

    [Fact]
    public async Task ASubscribeInFlightDuringAReconnectIsSentAgain()
    {
        await using var broker = new FakeBroker();
        await using var client = new MqttClient(broker.Options());
        await client.ConnectAsync(Ct);
        var first = await broker.AcceptAsync();

        var subscribe = client.SubscribeAsync([new MqttTopicFilter("a")], Ct);
        await first.ReceiveAsync<MqttSubscribePacket>();
        await first.DisposeAsync();

        var second = await broker.AcceptAsync();
        var request = await second.ReceiveAsync<MqttSubscribePacket>();
        await second.SendAsync(new MqttSubAckPacket { PacketId = request.PacketId, ReturnCodes = [MqttSubscribeReturnCode.GrantedQos1] });

        Assert.Equal([MqttSubscribeReturnCode.GrantedQos1], (await subscribe.WaitAsync(Timeout, Ct)).Codes);
    }

    [Fact]
    public async Task AProtocolViolationClosesTheConnectionAndTheClientReconnects()
    {
        await using var broker = new FakeBroker();
        await using var client = new MqttClient(broker.Options());
        var disconnected = Observe(client, connected: false);
        var connected = Observe(client, connected: true);
        await client.ConnectAsync(Ct);
        var first = await broker.AcceptAsync();
        await connected.Reader.ReadAsync(Ct).AsTask().WaitAsync(Timeout, Ct);

        // PUBLISH with QoS 3 (spec 3.3.1.2).
        await first.SendRawAsync([0x36, 0x05, 0x00, 0x01, 0x61, 0x00, 0x01]);

        await first.WaitForCloseAsync();
        var lost = await disconnected.Reader.ReadAsync(Ct).AsTask().WaitAsync(Timeout, Ct);
        Assert.IsType<MqttProtocolViolationException>(lost.Exception);
        Assert.NotNull(lost.Reason);
        await broker.AcceptAsync();
        await connected.Reader.ReadAsync(Ct).AsTask().WaitAsync(Timeout, Ct);
    }

    [Fact]
    public async Task AnOversizedPacketClosesTheConnectionBeforeItsBodyArrives()
    {
        await using var broker = new FakeBroker();
        var options = broker.Options();
        await using var client = new MqttClient(new MqttClientOptions { Host = options.Host, Port = options.Port, ClientId = "c", MaxPacketSize = 1024, ReconnectMinDelay = options.ReconnectMinDelay });
        var disconnected = Observe(client, connected: false);
        await client.ConnectAsync(Ct);
        var first = await broker.AcceptAsync();

        // PUBLISH announcing 2000 bytes; the body never comes.
        await first.SendRawAsync([0x30, 0xD0, 0x0F]);

        await first.WaitForCloseAsync();
        Assert.IsType<MqttProtocolViolationException>((await disconnected.Reader.ReadAsync(Ct).AsTask().WaitAsync(Timeout, Ct)).Exception);
        await broker.AcceptAsync();
    }

    [Theory]
    [InlineData(new byte[] { 0xC0, 0x00 })]                   // PINGREQ travels client to server only
    [InlineData(new byte[] { 0x20, 0x02, 0x00, 0x00 })]       // a second CONNACK
    [InlineData(new byte[] { 0x90, 0x04, 0x00, 0x01, 0x01, 0x01 })] // SUBACK with more codes than filters
    public async Task OutOfPlacePacketsAreViolations(byte[] bytes)
    {
        await using var broker = new FakeBroker();
        await using var client = new MqttClient(broker.Options());
        var disconnected = Observe(client, connected: false);
        await client.ConnectAsync(Ct);
        var first = await broker.AcceptAsync();
        _ = client.SubscribeAsync([new MqttTopicFilter("a")], Ct);
        await first.ReceiveAsync<MqttSubscribePacket>();

        await first.SendRawAsync(bytes);

        await first.WaitForCloseAsync();
        Assert.IsType<MqttProtocolViolationException>((await disconnected.Reader.ReadAsync(Ct).AsTask().WaitAsync(Timeout, Ct)).Exception);
    }

    [Fact]
    public async Task KeepAliveSendsPingReqAndDetectsABrokerThatStoppedAnswering()
    {
        var time = new FakeTimeProvider();
        await using var broker = new FakeBroker();
        var options = broker.Options();
        await using var client = new MqttClient(
            new MqttClientOptions { Host = options.Host, Port = options.Port, ClientId = "c", KeepAlive = TimeSpan.FromSeconds(10), ReconnectMinDelay = TimeSpan.FromSeconds(1), ReconnectMaxDelay = TimeSpan.FromSeconds(2) },
            timeProvider: time);
        var disconnected = Observe(client, connected: false);
        await client.ConnectAsync(Ct);
        var first = await broker.AcceptAsync();
        first.AutoPingResponse = false;

        var ping = first.ReceiveAsync<MqttPingReqPacket>(Timeout);
        await AdvanceUntilAsync(time, ping);
        await AdvanceUntilAsync(time, first.WaitForCloseAsync());

        Assert.IsType<TimeoutException>((await disconnected.Reader.ReadAsync(Ct).AsTask().WaitAsync(Timeout, Ct)).Exception);
        await AdvanceUntilAsync(time, broker.AcceptAsync());
    }

    [Fact]
    public async Task KeepAliveStaysUpWhileTheBrokerAnswersPings()
    {
        var time = new FakeTimeProvider();
        await using var broker = new FakeBroker();
        var options = broker.Options();
        await using var client = new MqttClient(
            new MqttClientOptions { Host = options.Host, Port = options.Port, ClientId = "c", KeepAlive = TimeSpan.FromSeconds(10) },
            timeProvider: time);
        await client.ConnectAsync(Ct);
        var connection = await broker.AcceptAsync();

        for (var i = 0; i < 60; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(15, Ct);
        }

        Assert.True(client.IsConnected);
        Assert.False(connection.WaitForCloseAsync().IsCompleted);
    }

    [Fact]
    public async Task DisconnectWritesQueuedPublishesThenDisconnectAndStopsForGood()
    {
        await using var broker = new FakeBroker();
        await using var client = new MqttClient(broker.Options());
        await client.ConnectAsync(Ct);
        var connection = await broker.AcceptAsync();

        var publishes = Enumerable.Range(0, 5).Select(i => client.PublishAsync(new MqttApplicationMessage("t", new[] { (byte)i }), Ct)).ToList();
        await client.DisconnectAsync(Ct);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal([(byte)i], (await connection.ReceiveAsync<MqttPublishPacket>()).Payload.ToArray());
        }

        await connection.ReceiveAsync<MqttDisconnectPacket>();
        await connection.WaitForCloseAsync();
        await Task.WhenAll(publishes).WaitAsync(Timeout, Ct);
        await client.Messages.Completion.WaitAsync(Timeout, Ct);
        Assert.False(client.IsConnected);
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.PublishAsync(new MqttApplicationMessage("t", default), Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.ConnectAsync(Ct));
        await Assert.ThrowsAsync<TimeoutException>(() => broker.AcceptAsync(Quiet));
    }

    [Fact]
    public async Task DisconnectWaitsForABusyBrokerToCloseBeforeClosingTheSocket()
    {
        await using var broker = new FakeBroker();
        var options = broker.Options();
        await using var client = new MqttClient(new MqttClientOptions { Host = options.Host, Port = options.Port, ClientId = "c", ReceiveQueueCapacity = 2 });
        await client.ConnectAsync(Ct);
        var connection = await broker.AcceptAsync();

        // The broker keeps sending; the client has stopped reading (its queue is full), so bytes sit unread in its socket.
        using var stopFlood = new CancellationTokenSource();
        var flood = Task.Run(async () =>
        {
            var payload = new byte[4096];
            while (!stopFlood.IsCancellationRequested)
            {
                await connection.SendAsync(new MqttPublishPacket { Topic = "t", Payload = payload });
            }
        }, Ct);
        await Task.Delay(300, Ct);
        var message = await ReadMessageAsync(client);

        // The broker is busy and reads the DISCONNECT only later. Closing the socket meanwhile (with the broker's
        // bytes unread in it) would reset the connection, and a broker writing first then drops it unread.
        connection.PauseReading();
        var disconnect = client.DisconnectAsync(Ct);
        await Task.Delay(300, Ct);
        Assert.False(disconnect.IsCompleted, "the client closed before the broker had read its DISCONNECT");
        connection.ResumeReading();
        await disconnect.WaitAsync(Timeout, Ct);

        await connection.ReceiveAsync<MqttDisconnectPacket>();
        await connection.WaitForCloseAsync();
        Assert.Null(connection.ReadError);
        await stopFlood.CancelAsync();
        // The flood ends either on the closed socket (it throws) or at its next check of stopFlood (it returns).
        await flood.WaitAsync(TimeSpan.FromSeconds(10), Ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        Assert.True(flood.IsCompleted, "the broker's flood did not stop");
        Assert.Equal("t", message.Topic);
    }

    [Fact]
    public async Task DisconnectFailsPublishesStillWaitingForAcknowledgement()
    {
        await using var broker = new FakeBroker();
        await using var client = new MqttClient(broker.Options());
        await client.ConnectAsync(Ct);
        var connection = await broker.AcceptAsync();
        var publish = client.PublishAsync(new MqttApplicationMessage("t", default, MqttQualityOfService.AtLeastOnce), Ct);
        await connection.ReceiveAsync<MqttPublishPacket>();

        await client.DisconnectAsync(Ct);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publish);
    }

    [Fact]
    public async Task DisposeIsIdempotentAndRefusesFurtherUse()
    {
        await using var broker = new FakeBroker();
        var client = new MqttClient(broker.Options());
        await client.ConnectAsync(Ct);

        await client.DisposeAsync();
        await client.DisposeAsync();

        Assert.Throws<ObjectDisposedException>(() => { _ = client.PublishAsync(new MqttApplicationMessage("t", default), Ct); });
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.ConnectAsync(Ct));
    }

    [Fact]
    public async Task WithoutAutoReconnectALostConnectionFailsPendingWorkAndAllowsAManualConnect()
    {
        await using var broker = new FakeBroker();
        var options = broker.Options();
        await using var client = new MqttClient(new MqttClientOptions { Host = options.Host, Port = options.Port, ClientId = "c", AutoReconnect = false });
        await client.ConnectAsync(Ct);
        var connection = await broker.AcceptAsync();
        var publish = client.PublishAsync(new MqttApplicationMessage("t", default, MqttQualityOfService.AtLeastOnce), Ct);
        await connection.ReceiveAsync<MqttPublishPacket>();

        await connection.DisposeAsync();

        await Assert.ThrowsAsync<IOException>(() => publish.WaitAsync(Timeout, Ct));
        Assert.False(client.IsConnected);
        await Assert.ThrowsAsync<TimeoutException>(() => broker.AcceptAsync(Quiet));
        Assert.True((await client.ConnectAsync(Ct)).IsSuccess);
    }

    [Fact]
    public async Task ThrowingEventHandlersDoNotDisturbTheClient()
    {
        await using var broker = new FakeBroker();
        await using var client = new MqttClient(broker.Options());
        client.Connected += (_, _) => throw new InvalidOperationException("handler bug");
        client.Disconnected += (_, _) => throw new InvalidOperationException("handler bug");
        var connected = Observe(client, connected: true);
        await client.ConnectAsync(Ct);
        var first = await broker.AcceptAsync();
        await connected.Reader.ReadAsync(Ct).AsTask().WaitAsync(Timeout, Ct);

        await first.DisposeAsync();
        var second = await broker.AcceptAsync();
        await connected.Reader.ReadAsync(Ct).AsTask().WaitAsync(Timeout, Ct);

        var publish = client.PublishAsync(new MqttApplicationMessage("t", default, MqttQualityOfService.AtLeastOnce), Ct);
        await second.SendAsync(new MqttPubAckPacket((await second.ReceiveAsync<MqttPublishPacket>()).PacketId));
        await publish.WaitAsync(Timeout, Ct);
    }

    [Fact]
    public async Task PublishesMadeWhileReconnectingGoOutOnTheNextConnection()
    {
        await using var broker = new FakeBroker();
        var options = broker.Options();
        await using var client = new MqttClient(new MqttClientOptions { Host = options.Host, Port = options.Port, ClientId = "c", ReconnectMinDelay = TimeSpan.FromMilliseconds(300), ReconnectMaxDelay = TimeSpan.FromMilliseconds(300) });
        var disconnected = Observe(client, connected: false);
        await client.ConnectAsync(Ct);
        var first = await broker.AcceptAsync();
        await first.DisposeAsync();
        await disconnected.Reader.ReadAsync(Ct).AsTask().WaitAsync(Timeout, Ct);

        var atMostOnce = client.PublishAsync(new MqttApplicationMessage("t", new byte[] { 0 }), Ct);
        var atLeastOnce = client.PublishAsync(new MqttApplicationMessage("t", new byte[] { 1 }, MqttQualityOfService.AtLeastOnce), Ct);

        var second = await broker.AcceptAsync();
        var received = new[] { await second.ReceiveAsync<MqttPublishPacket>(), await second.ReceiveAsync<MqttPublishPacket>() };
        Assert.Equal([0, 1], received.Select(p => (int)p.Payload.Span[0]).Order());
        await atMostOnce.WaitAsync(Timeout, Ct);
        await second.SendAsync(new MqttPubAckPacket(received.Single(p => p.Qos == MqttQualityOfService.AtLeastOnce).PacketId));
        await atLeastOnce.WaitAsync(Timeout, Ct);
        Assert.Null(await second.TryReceiveAsync(Quiet));
    }

    [Fact]
    public async Task ABrokerThatOverrunsItsWindowIsPushedBackNotDisconnected()
    {
        // Mosquitto 2.0 resumes a persistent session with more unacknowledged messages than identifiers allow
        // (IncomingAckSequencer). The client must stop reading at 65535 and carry on once the front is acknowledged.
        const int sent = IncomingAckSequencer.Limit + 5_000;
        await using var broker = new FakeBroker();
        await using var client = new MqttClient(broker.Options(receiveQueueCapacity: sent));
        await client.ConnectAsync(Ct);
        var connection = await broker.AcceptAsync();

        var sending = Task.Run(async () =>
        {
            for (var i = 0; i < sent; i++)
            {
                await connection.SendAsync(Publish((ushort)(i % ushort.MaxValue + 1), MqttQualityOfService.AtLeastOnce));
            }
        }, Ct);

        var received = new List<MqttReceivedMessage>();
        for (var i = 0; i < IncomingAckSequencer.Limit; i++)
        {
            received.Add(await ReadMessageAsync(client));
        }

        // Everything after the first is acknowledged; the first holds every PUBACK back (spec 4.6), so the client waits.
        foreach (var message in received.Skip(1))
        {
            await message.AcknowledgeAsync(Ct);
        }

        Assert.False(client.Messages.TryRead(out _));
        Assert.Null(await connection.TryReceiveAsync(Quiet));
        Assert.True(client.IsConnected);

        await received[0].AcknowledgeAsync(Ct);
        for (var i = IncomingAckSequencer.Limit; i < sent; i++)
        {
            await (await ReadMessageAsync(client)).AcknowledgeAsync(Ct);
        }

        await sending.WaitAsync(Timeout, Ct);
        for (var i = 0; i < sent; i++)
        {
            var ack = await connection.ReceiveAsync<MqttPubAckPacket>();
            Assert.Equal(i % ushort.MaxValue + 1, ack.PacketId);
        }

        Assert.True(client.IsConnected);
    }

    private static MqttPublishPacket Publish(ushort packetId, MqttQualityOfService qos, byte[]? payload = null, bool duplicate = false, bool retain = false) => new()
    {
        Topic = "rpm/v1/devices/ox-1/telemetry",
        Payload = payload ?? [],
        Qos = qos,
        PacketId = packetId,
        Duplicate = duplicate,
        Retain = retain,
    };

    private static async Task<MqttReceivedMessage> ReadMessageAsync(MqttClient client) =>
        await client.Messages.ReadAsync(Ct).AsTask().WaitAsync(Timeout, Ct);

    private static Channel<MqttConnectionEventArgs> Observe(MqttClient client, bool connected)
    {
        var events = Channel.CreateUnbounded<MqttConnectionEventArgs>();
        if (connected)
        {
            client.Connected += (_, e) => events.Writer.TryWrite(e);
        }
        else
        {
            client.Disconnected += (_, e) => events.Writer.TryWrite(e);
        }

        return events;
    }

    /// <summary>Moves the fake clock a second at a time, letting real sockets catch up, until <paramref name="task"/> completes.</summary>
    private static async Task AdvanceUntilAsync(FakeTimeProvider time, Task task)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!task.IsCompleted)
        {
            Assert.True(DateTime.UtcNow < deadline, "gave up advancing the clock");
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(task, Task.Delay(20, Ct));
        }

        await task;
    }
}
