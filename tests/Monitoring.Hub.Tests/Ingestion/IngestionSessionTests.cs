using System.Globalization;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Hub.Ingestion;
using Monitoring.Hub.Tests.Infrastructure;
using MQTTnet;
using MQTTnet.Protocol;

namespace Monitoring.Hub.Tests.Ingestion;

/// <summary>
/// The hub's ingestion connection (MQTTnet, MQTT 5) against the real Mosquitto: what the tests of our
/// own client proved of the library, proved of the hub's consumer — its persistent session resumes with
/// nothing lost, it subscribes again after the broker forgot it, and a device's will reaches it.
/// </summary>
[Collection(IngestionCollection.Name)]
public sealed class IngestionSessionTests(IngestionFixture fixture) : IClassFixture<IngestionFixture>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private MqttIngestionConsumer Consumer => fixture.Factory.Services.GetRequiredService<MqttIngestionConsumer>();

    [Fact]
    public async Task ReadingsPublishedWhileTheHubIsOfflineLandWhenItsSessionResumes()
    {
        var ct = TestContext.Current.CancellationToken;
        var device = await fixture.AssignedDeviceAsync();
        var consumer = Consumer;
        await consumer.StopAsync(ct);
        Assert.False(consumer.IsConsuming);

        // The broker holds these for the hub's session while no hub is connected.
        await using (var publisher = await fixture.PublisherAsync(device))
        {
            for (var i = 0; i < 200; i++)
            {
                await publisher.TelemetryAsync(device.Id, Reading(i));
            }
        }

        await consumer.StartAsync(ct);
        await BoundedWait.UntilAsync(() => consumer.IsConsuming, Bound, () => $"not consuming: {consumer.LastFailure}", ct);

        Assert.True(consumer.SessionPresent, "the broker should have kept the hub's persistent session (clean start off, session expiry set)");
        await fixture.WaitForCountAsync("spo2", device.PatientId, 200);
    }

    [Fact]
    public async Task AfterTheBrokerForgetsTheSessionTheHubSubscribesAgainAndReadingsFlow()
    {
        var ct = TestContext.Current.CancellationToken;
        var device = await fixture.AssignedDeviceAsync();
        var consumer = Consumer;
        await BoundedWait.UntilAsync(() => consumer.IsConsuming, Bound, () => $"not consuming: {consumer.LastFailure}", ct);

        // A clean-start connection with the hub's client id takes the session over and discards it:
        // the broker disconnects the hub and forgets its subscriptions.
        await IngestionFixture.ForgetSessionAsync(fixture.BrokerPort, fixture.ClientId);
        await BoundedWait.UntilAsync(() => consumer is { IsConsuming: true, SessionPresent: false }, Bound,
            () => $"the hub did not come back on a new session: consuming {consumer.IsConsuming}, session present {consumer.SessionPresent}, {consumer.LastFailure}", ct);

        // Only the hub's own SUBSCRIBE after reconnecting can bring this reading in.
        await using var publisher = await fixture.PublisherAsync(device);
        await publisher.TelemetryAsync(device.Id, Reading(0));
        await fixture.WaitForCountAsync("spo2", device.PatientId, 1);
    }

    [Fact]
    public async Task ADevicesWillReachesTheHubWhenItsConnectionIsLostAbruptly()
    {
        var ct = TestContext.Current.CancellationToken;
        var device = await fixture.AssignedDeviceAsync();
        var statusTopic = $"rpm/v1/devices/{device.Id}/status";
        var options = TestMqttClient.OptionsFor(fixture.BrokerPort, device.Id, device.Id, device.Secret)
            .WithWillTopic(statusTopic)
            .WithWillPayload("offline")
            .WithWillRetain()
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        var client = new MqttClientFactory().CreateMqttClient();
        try
        {
            Assert.Equal(MqttClientConnectResultCode.Success, (await client.ConnectAsync(options, ct)).ResultCode);
            await client.PublishAsync(
                new MqttApplicationMessageBuilder().WithTopic(statusTopic).WithPayload("online").WithRetainFlag()
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), ct);
            await BoundedWait.UntilAsync(() => Status() == "online", Bound, () => $"status {Status()}", ct);
        }
        finally
        {
            // Gone without a DISCONNECT (the socket closed, as a device whose battery died): the broker sends the will.
            client.Dispose();
        }

        await BoundedWait.UntilAsync(() => Status() == "offline", Bound, () => $"status {Status()}", ct);

        string? Status()
        {
            using var connection = fixture.Database.DataSource.OpenConnection();
            return connection.QuerySingleOrDefault<string?>("SELECT last_status FROM device_status WHERE device_id = @id", new { id = device.Id });
        }
    }

    private static string Reading(int i)
    {
        var at = (DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeMilliseconds() / 1000 * 1000 + i * 1000) / 1000.0;
        return string.Create(CultureInfo.InvariantCulture, $$"""[{"bt":{{at:R}},"n":"spo2","u":"%","v":{{90 + (i % 10)}}}]""");
    }
}
