using System.Security.Authentication;
using System.Text;

namespace Monitoring.Mqtt.Tests.Integration;

[Collection(MosquittoCollection.Name)]
public sealed class MqttClientTlsTests : IClassFixture<MosquittoFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly MosquittoFixture _fixture;

    public MqttClientTlsTests(MosquittoFixture fixture) => _fixture = fixture;

    private MosquittoCertificates Certificates => _fixture.Broker.Certificates!;

    public async ValueTask InitializeAsync() => await _fixture.Broker.StartAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync()
    {
        _fixture.ReportIfFailed();
        return ValueTask.CompletedTask;
    }

    [Fact(Timeout = 60_000)]
    public async Task ClientTrustingTheBrokersCaConnectsAndRoundTripsAMessage()
    {
        var ct = TestContext.Current.CancellationToken;
        var topic = MosquittoFixture.NewTopic("tls");
        await using var client = _fixture.CreateClient(_fixture.ClientOptions(
            port: _fixture.Broker.TlsPort,
            tls: new MqttTlsOptions { CaFile = Certificates.CaFile, TargetHost = "localhost" }));
        await using var received = new MessageCollector(client, acknowledge: true);

        Assert.Equal(MqttConnectReturnCode.Accepted, (await client.ConnectAsync(ct)).ReturnCode);
        await client.SubscribeAsync([new MqttTopicFilter(topic, MqttQualityOfService.AtLeastOnce)], ct);
        await client.PublishAsync(
            new MqttApplicationMessage(topic, Encoding.UTF8.GetBytes("over tls"), MqttQualityOfService.AtLeastOnce), ct);

        await received.WaitForCountAsync(1, Bound, ct);
        Assert.Equal("over tls", Assert.Single(received.Snapshot()).Text);
    }

    [Fact(Timeout = 60_000)]
    public async Task HostIpAddressMatchesTheCertificatesIpSubjectAltNameWithoutTargetHost()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = _fixture.CreateClient(_fixture.ClientOptions(
            port: _fixture.Broker.TlsPort,
            tls: new MqttTlsOptions { CaFile = Certificates.CaFile }));

        Assert.Equal(MqttConnectReturnCode.Accepted, (await client.ConnectAsync(ct)).ReturnCode);
        Assert.True(client.IsConnected);
    }

    [Fact(Timeout = 60_000)]
    public async Task ServerCertificateFromAnotherCaIsRejected()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = _fixture.CreateClient(_fixture.ClientOptions(
            port: _fixture.Broker.UntrustedTlsPort,
            autoReconnect: true,
            tls: new MqttTlsOptions { CaFile = Certificates.CaFile, TargetHost = "localhost" }));

        await Assert.ThrowsAnyAsync<AuthenticationException>(
            () => BoundedWait.ForAsync(client.ConnectAsync(ct), Bound, "ConnectAsync to a broker with an untrusted certificate", ct));
        Assert.False(client.IsConnected);
    }

    [Fact(Timeout = 60_000)]
    public async Task CertificateForAnotherHostNameIsRejectedWhenCheckingHostnames()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = _fixture.CreateClient(_fixture.ClientOptions(
            port: _fixture.Broker.TlsPort,
            autoReconnect: true,
            tls: new MqttTlsOptions { CaFile = Certificates.CaFile, TargetHost = "wrong.example", CheckHostname = true }));

        await Assert.ThrowsAnyAsync<AuthenticationException>(
            () => BoundedWait.ForAsync(client.ConnectAsync(ct), Bound, "ConnectAsync with a mismatched host name", ct));
        Assert.False(client.IsConnected);
    }

    [Fact(Timeout = 60_000)]
    public async Task CertificateForAnotherHostNameIsAcceptedWhenHostnameCheckIsOff()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = _fixture.CreateClient(_fixture.ClientOptions(
            port: _fixture.Broker.TlsPort,
            tls: new MqttTlsOptions { CaFile = Certificates.CaFile, TargetHost = "wrong.example", CheckHostname = false }));

        Assert.Equal(MqttConnectReturnCode.Accepted, (await client.ConnectAsync(ct)).ReturnCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task UntrustedCaStaysRejectedWhenHostnameCheckIsOff()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = _fixture.CreateClient(_fixture.ClientOptions(
            port: _fixture.Broker.UntrustedTlsPort,
            tls: new MqttTlsOptions { CaFile = Certificates.CaFile, TargetHost = "localhost", CheckHostname = false }));

        await Assert.ThrowsAnyAsync<AuthenticationException>(
            () => BoundedWait.ForAsync(client.ConnectAsync(ct), Bound, "ConnectAsync to an untrusted broker with hostname check off", ct));
    }
}
