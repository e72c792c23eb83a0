using System.Text;

namespace Monitoring.Mqtt.Tests.Integration;

[Collection(MosquittoCollection.Name)]
public sealed class MqttClientAuthTests : IClassFixture<MosquittoFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly MosquittoFixture _fixture;

    public MqttClientAuthTests(MosquittoFixture fixture) => _fixture = fixture;

    public async ValueTask InitializeAsync() => await _fixture.Broker.StartAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync()
    {
        _fixture.ReportIfFailed();
        return ValueTask.CompletedTask;
    }

    [Fact(Timeout = 60_000)]
    public async Task KnownUserWithTheRightPasswordIsAccepted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = _fixture.CreateClient("alice");
        var events = new ConnectionEvents(client);

        var result = await client.ConnectAsync(ct);

        Assert.Equal(MqttConnectReturnCode.Accepted, result.ReturnCode);
        Assert.False(result.SessionPresent);
        Assert.True(client.IsConnected);
        Assert.False((await events.WaitForConnectedAsync(1, Bound, ct)).SessionPresent);

        await client.DisconnectAsync(ct);
        Assert.False(client.IsConnected);
    }

    // Mosquitto 2.0.11 refuses every credential problem of an MQTT 3.1.1 client with CONNACK 5
    // (not authorized), never 4 (bad user name or password): checked with
    // `mosquitto_sub -V mqttv311` for a wrong password, an unknown user and no credentials.
    // AutoReconnect stays on: a refusal must end ConnectAsync, not start a retry loop.
    [Theory(Timeout = 60_000)]
    [InlineData("alice", "wrong-password")]
    [InlineData("mallory", "any-password")]
    [InlineData(null, null)]
    public async Task RefusedCredentialsThrowConnectExceptionWithNotAuthorized(string? user, string? password)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = _fixture.CreateClient(
            _fixture.ClientOptions(user, password: password, autoReconnect: true));

        var refused = await Assert.ThrowsAsync<MqttConnectException>(
            () => BoundedWait.ForAsync(client.ConnectAsync(ct), Bound, "ConnectAsync with refused credentials", ct));

        Assert.Equal(MqttConnectReturnCode.NotAuthorized, refused.ReturnCode);
        Assert.False(client.IsConnected);
    }

    [Fact(Timeout = 60_000)]
    public async Task PublishOutsideTheDeviceAclIsAcknowledgedButNeverDelivered()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var subscriber = _fixture.CreateClient("alice");
        await using var received = new MessageCollector(subscriber, acknowledge: true);
        await subscriber.ConnectAsync(ct);
        await subscriber.SubscribeAsync([new MqttTopicFilter("rpm/v1/devices/#")], ct);

        await using var device = _fixture.CreateClient(MosquittoFixture.DeviceId, clientId: MosquittoFixture.DeviceId);
        await device.ConnectAsync(ct);
        var forbidden = new MqttApplicationMessage(
            "rpm/v1/devices/dev-0002/vitals", Encoding.UTF8.GetBytes("spoofed"), MqttQualityOfService.AtLeastOnce);
        var allowed = new MqttApplicationMessage(
            $"rpm/v1/devices/{MosquittoFixture.DeviceId}/vitals", Encoding.UTF8.GetBytes("own"), MqttQualityOfService.AtLeastOnce);

        // MQTT 3.1.1 has no negative PUBACK: Mosquitto acknowledges the denied publish and drops it.
        await BoundedWait.ForAsync(device.PublishAsync(forbidden, ct), Bound, "PUBACK of the denied publish", ct);
        await BoundedWait.ForAsync(device.PublishAsync(allowed, ct), Bound, "PUBACK of the allowed publish", ct);
        await received.WaitForCountAsync(1, Bound, ct);

        // Both went through one connection in order, so a delivered forbidden message would have come first.
        var only = Assert.Single(received.Snapshot());
        Assert.Equal(allowed.Topic, only.Topic);
        Assert.Equal("own", only.Text);
        Assert.Contains($"Denied PUBLISH from {MosquittoFixture.DeviceId}", _fixture.Broker.ReadLog(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task SubscriptionOutsideTheDeviceAclIsGrantedButReceivesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var device = _fixture.CreateClient(MosquittoFixture.DeviceId, clientId: MosquittoFixture.DeviceId);
        await using var received = new MessageCollector(device, acknowledge: true);
        await device.ConnectAsync(ct);
        var ownCommands = $"rpm/v1/devices/{MosquittoFixture.DeviceId}/commands/#";
        var otherCommands = "rpm/v1/devices/dev-0002/commands/#";

        var granted = await device.SubscribeAsync(
            [new MqttTopicFilter(otherCommands, MqttQualityOfService.AtLeastOnce), new MqttTopicFilter(ownCommands, MqttQualityOfService.AtLeastOnce)],
            ct);

        // Mosquitto 2.0.11 grants a denied MQTT 3.1.1 subscription (no 0x80) and filters at delivery.
        Assert.Equal([MqttSubscribeReturnCode.GrantedQos1, MqttSubscribeReturnCode.GrantedQos1], granted.Codes);
        await using var operatorClient = _fixture.CreateClient("alice");
        await operatorClient.ConnectAsync(ct);
        await operatorClient.PublishAsync(
            new MqttApplicationMessage("rpm/v1/devices/dev-0002/commands/calibrate", Encoding.UTF8.GetBytes("not yours"), MqttQualityOfService.AtLeastOnce), ct);
        await operatorClient.PublishAsync(
            new MqttApplicationMessage($"rpm/v1/devices/{MosquittoFixture.DeviceId}/commands/calibrate", Encoding.UTF8.GetBytes("yours"), MqttQualityOfService.AtLeastOnce), ct);

        // Published in this order over one connection: the denied one would have come first.
        await received.WaitForCountAsync(1, Bound, ct);
        Assert.Equal("yours", Assert.Single(received.Snapshot()).Text);
    }
}
