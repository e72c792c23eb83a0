using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Monitoring.Mqtt.Packets;
using Monitoring.Mqtt.Tests.Fakes;

namespace Monitoring.Mqtt.Tests;

public sealed class MqttMetricsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CountersFollowTrafficPerClientId()
    {
        var clientId = $"metrics-{Guid.NewGuid():N}";
        var totals = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == MqttMetrics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == MqttMetrics.ClientIdTag && Equals(tag.Value, clientId))
                {
                    totals.AddOrUpdate(instrument.Name, value, (_, total) => total + value);
                }
            }
        });
        listener.Start();

        await using var broker = new FakeBroker();
        await using var client = new MqttClient(broker.Options(clientId));
        var connects = 0;
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Connected += (_, _) =>
        {
            if (Interlocked.Increment(ref connects) == 2)
            {
                reconnected.TrySetResult();
            }
        };
        await client.ConnectAsync(Ct);
        var connection = await broker.AcceptAsync();

        var publish = client.PublishAsync(new MqttApplicationMessage("t", new byte[10], MqttQualityOfService.AtLeastOnce), Ct);
        await connection.SendAsync(new MqttPubAckPacket((await connection.ReceiveAsync<MqttPublishPacket>()).PacketId));
        await publish.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await connection.SendAsync(new MqttPublishPacket { Topic = "in", Payload = new byte[5], Qos = MqttQualityOfService.AtLeastOnce, PacketId = 1 });
        await (await client.Messages.ReadAsync(Ct)).AcknowledgeAsync(Ct);
        await connection.ReceiveAsync<MqttPubAckPacket>();
        await connection.DisposeAsync();
        await broker.AcceptAsync();
        await reconnected.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.Equal(1, totals.GetValueOrDefault("mqtt.client.messages.sent"));
        Assert.Equal(1, totals.GetValueOrDefault("mqtt.client.messages.received"));
        Assert.Equal(1, totals.GetValueOrDefault("mqtt.client.messages.acknowledged"));
        Assert.Equal(1, totals.GetValueOrDefault("mqtt.client.reconnects"));
        var connect = PacketCodec.Encode(new MqttConnectPacket { ClientId = clientId, CleanSession = true, KeepAliveSeconds = 30 }).Length;
        var published = PacketCodec.Encode(new MqttPublishPacket { Topic = "t", Payload = new byte[10], Qos = MqttQualityOfService.AtLeastOnce, PacketId = 1 }).Length;
        var delivered = PacketCodec.Encode(new MqttPublishPacket { Topic = "in", Payload = new byte[5], Qos = MqttQualityOfService.AtLeastOnce, PacketId = 1 }).Length;
        Assert.Equal((2 * connect) + published + 4, totals.GetValueOrDefault("mqtt.client.bytes.sent"));
        Assert.Equal((2 * 4) + 4 + delivered, totals.GetValueOrDefault("mqtt.client.bytes.received"));
    }
}
