using System.Net;
using System.Text;
using Monitoring.Hub.Tests.Infrastructure;
using Monitoring.Hub.Broker;
using MQTTnet;

namespace Monitoring.Hub.Tests.Devices;

/// <summary>
/// What a registered device may do on the real broker, checked with real MQTT connections: the
/// hub created its account through dynamic security with a role limited to its own topics.
/// </summary>
public sealed class DeviceBrokerTests(HubFixture hub) : IClassFixture<HubFixture>
{
    private static readonly byte[] Reading = Encoding.UTF8.GetBytes("""[{"n":"spo2","u":"%","v":97}]""");

    private async Task<(string Id, string Secret)> RegisterAsync()
    {
        var clinic = await hub.CreateClinicAsync();
        var id = DevicesApiTests.NewDeviceId();
        using var response = await (await hub.AdminAsync()).PostJsonAsync("/api/devices", new { id, kind = "oximeter", clinicId = clinic });
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"registration answered {(int)response.StatusCode}: {body}");
        return (id, body.GetProperty("secret").GetString()!);
    }

    private static async Task<TestMqttClient> WatchAsync(params string[] filters)
    {
        var watcher = BrokerClients.Admin();
        await watcher.ConnectAsync(TestContext.Current.CancellationToken);
        var codes = await watcher.SubscribeAsync(filters, TestContext.Current.CancellationToken);
        Assert.All(codes, code => Assert.True(TestMqttClient.Granted(code), $"the admin's subscription was refused: {code}"));
        return watcher;
    }

    [Fact]
    public async Task ARegisteredDeviceConnectsWithItsSecretAndPublishesItsTelemetry()
    {
        var (id, secret) = await RegisterAsync();
        var topic = $"rpm/v1/devices/{id}/telemetry";
        await using var watcher = await WatchAsync($"rpm/v1/devices/{id}/#");
        await using var device = BrokerClients.Device(id, secret);

        await device.ConnectAsync(TestContext.Current.CancellationToken);
        await device.PublishAsync(topic, Reading, ct: TestContext.Current.CancellationToken);

        var seen = await BrokerClients.ReadUntilAsync(watcher, topic);
        Assert.Equal([topic], seen);
    }

    [Fact]
    public async Task ADeviceCannotPublishToAnotherDevicesTopic()
    {
        var (id, secret) = await RegisterAsync();
        var (otherId, _) = await RegisterAsync();
        var own = $"rpm/v1/devices/{id}/telemetry";
        var foreign = $"rpm/v1/devices/{otherId}/telemetry";
        await using var watcher = await WatchAsync($"rpm/v1/devices/{id}/#", $"rpm/v1/devices/{otherId}/#", $"rpm/v1/other/{id}");
        await using var device = BrokerClients.Device(id, secret);
        await device.ConnectAsync(TestContext.Current.CancellationToken);

        // The forbidden message goes first: the broker handles one connection's publishes in
        // order, so had it been let through the watcher would see it before the allowed one.
        await device.PublishAsync(foreign, Reading, ct: TestContext.Current.CancellationToken);
        await device.PublishAsync($"rpm/v1/other/{id}", Reading, ct: TestContext.Current.CancellationToken);
        await device.PublishAsync(own, Reading, ct: TestContext.Current.CancellationToken);

        var seen = await BrokerClients.ReadUntilAsync(watcher, own);
        Assert.Equal([own], seen);
    }

    [Fact]
    public async Task ADeviceCannotSubscribeToOtherDevices()
    {
        var (id, secret) = await RegisterAsync();
        await using var device = BrokerClients.Device(id, secret);
        await device.ConnectAsync(TestContext.Current.CancellationToken);

        var codes = await device.SubscribeAsync(["rpm/v1/devices/#"], TestContext.Current.CancellationToken);

        Assert.False(TestMqttClient.Granted(Assert.Single(codes)), "the broker granted a device every device's topics");
    }

    [Fact]
    public async Task AWrongSecretOrClientIdIsRefused()
    {
        var (id, secret) = await RegisterAsync();
        await using var wrongSecret = BrokerClients.Device(id, secret[..^1] + (secret[^1] == 'A' ? "B" : "A"));
        await using var wrongClientId = BrokerClients.Device(id, secret, clientId: id + "-x");

        var first = await Assert.ThrowsAsync<BrokerRefusedException>(() => wrongSecret.ConnectAsync(TestContext.Current.CancellationToken));
        var second = await Assert.ThrowsAsync<BrokerRefusedException>(() => wrongClientId.ConnectAsync(TestContext.Current.CancellationToken));

        Assert.Contains(first.ResultCode, new[] { MqttClientConnectResultCode.BadUserNameOrPassword, MqttClientConnectResultCode.NotAuthorized });
        Assert.Contains(second.ResultCode, new[] { MqttClientConnectResultCode.BadUserNameOrPassword, MqttClientConnectResultCode.NotAuthorized, MqttClientConnectResultCode.ClientIdentifierNotValid });
    }

    [Fact]
    public async Task ARevokedDeviceCannotConnectAnyMore()
    {
        var (id, secret) = await RegisterAsync();
        await using (var before = BrokerClients.Device(id, secret))
        {
            await before.ConnectAsync(TestContext.Current.CancellationToken);
            await before.DisconnectAsync(TestContext.Current.CancellationToken);
        }

        using var revoke = await (await hub.AdminAsync()).PostAsync(
            new Uri($"/api/devices/{id}/revoke", UriKind.Relative), null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);

        await using var after = BrokerClients.Device(id, secret);
        var refused = await Assert.ThrowsAsync<BrokerRefusedException>(() => after.ConnectAsync(TestContext.Current.CancellationToken));
        Assert.Contains(refused.ResultCode, new[] { MqttClientConnectResultCode.BadUserNameOrPassword, MqttClientConnectResultCode.NotAuthorized });
    }

    [Fact]
    public async Task UnassigningKeepsTheBrokerAccount()
    {
        var (id, secret) = await RegisterAsync();
        var admin = await hub.AdminAsync();
        var clinic = (await admin.GetJsonAsync($"/api/devices/{id}")).GetProperty("clinicId").GetGuid();
        var patient = (await HubFixture.CreatePatientAsync(admin, clinic)).GetProperty("id").GetGuid();
        using var assign = await admin.PostJsonAsync($"/api/devices/{id}/assign", new { patientId = patient });
        using var unassign = await admin.PostJsonAsync($"/api/devices/{id}/unassign", new { });
        Assert.Equal(HttpStatusCode.OK, unassign.StatusCode);

        await using var device = BrokerClients.Device(id, secret);
        var connected = await device.ConnectAsync(TestContext.Current.CancellationToken);

        Assert.Equal(MqttClientConnectResultCode.Success, connected.ResultCode);
    }
}
