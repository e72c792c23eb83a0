using Monitoring.Contracts.Topics;
using Monitoring.FirmwareSim.Devices;
using Monitoring.FirmwareSim.Tests.Support;
using Monitoring.FirmwareSim.Timing;

namespace Monitoring.FirmwareSim.Tests.Devices;

/// <summary>
/// The device link against the real Mosquitto of scripts/services.sh. Its device accounts come from
/// the hub's registrations, so the broker's <c>admin</c> account stands in for a device here (client id =
/// username = "admin", publishing under rpm/v1/devices/admin/), and the hub's account for one whose
/// topics are not its own.
/// </summary>
public sealed class MqttDeviceLinkTests
{
    private static readonly SimInstant At = new(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task ADeviceAnnouncesItselfOnlineAndAnOutageLeavesTheBrokersWillOfflineRetained()
    {
        var ct = TestContext.Current.CancellationToken;
        var status = DeviceTopics.Status("admin");
        await using var watcher = await TestBroker.WatchAsync(status, ct);
        try
        {
            await using var link = new MqttDeviceLink(TestBroker.Endpoint, "admin", TestBroker.AdminPassword);

            await link.ConnectAsync(At, ct);
            var online = await NextLiveAsync(watcher);
            await link.PublishAsync(DeviceTopicKind.Telemetry, "[]"u8.ToArray(), At, ct);
            await link.DisconnectAsync(At, ct);
            var offline = await NextLiveAsync(watcher);
            await using var late = await TestBroker.WatchAsync(status, ct);
            var retained = await late.NextAsync();
            await link.ConnectAsync(At, ct);
            var again = await NextLiveAsync(watcher);
            var connectedAgain = link.IsConnected;
            await link.DisconnectAsync(At, ct);

            Assert.Equal((status, "online"), (online.Topic, online.Payload));
            // Published by the broker: the link said "disconnect with will message" and nothing else.
            Assert.Equal((status, "offline"), (offline.Topic, offline.Payload));
            Assert.Equal(("offline", true), (retained.Payload, retained.Retain));
            Assert.Equal("online", again.Payload);
            Assert.True(connectedAgain, "the same link connects again after an outage");
            Assert.False(link.IsConnected);
        }
        finally
        {
            await TestBroker.ClearRetainedAsync(status);
        }
    }

    [Fact]
    public async Task AWrongSecretIsRefusedWithTheBrokersReasonCode()
    {
        await using var link = new MqttDeviceLink(TestBroker.Endpoint, "admin", "not-the-secret");

        var refused = await Assert.ThrowsAsync<MqttRefusedException>(() => link.ConnectAsync(At, TestContext.Current.CancellationToken));

        Assert.Equal("NotAuthorized", refused.ReasonCode);
        Assert.Contains("'admin'", refused.Message, StringComparison.Ordinal);
        Assert.False(link.IsConnected);
    }

    [Fact]
    public async Task AStatusOutsideTheAccountsOwnTopicsIsRefusedWithTheBrokersReasonCodeAndTheLinkStaysDown()
    {
        // The hub's account logs in, but may not publish under rpm/v1/devices/ (scripts/services, dynamic security).
        await using var link = new MqttDeviceLink(TestBroker.Endpoint, "hub", TestBroker.HubPassword);

        var refused = await Assert.ThrowsAsync<MqttRefusedException>(() => link.ConnectAsync(At, TestContext.Current.CancellationToken));

        Assert.Equal("NotAuthorized", refused.ReasonCode);
        Assert.Contains(DeviceTopics.Status("hub"), refused.Message, StringComparison.Ordinal);
        Assert.False(link.IsConnected);
    }

    /// <summary>Skips a retained copy the broker may hand a new subscription; the live messages are what the link caused.</summary>
    private static async Task<(string Topic, string Payload, bool Retain)> NextLiveAsync(TestBroker.Watcher watcher)
    {
        while (true)
        {
            var message = await watcher.NextAsync();
            if (!message.Retain)
            {
                return message;
            }
        }
    }
}
