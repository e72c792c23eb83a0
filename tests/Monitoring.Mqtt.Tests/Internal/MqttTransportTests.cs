using System.Net.Security;
using System.Security.Authentication;
using Monitoring.Mqtt.Internal;
using Monitoring.Mqtt.Tests.Fakes;

namespace Monitoring.Mqtt.Tests.Internal;

/// <summary>TLS against an in-process broker with certificates from a throw-away CA.</summary>
public sealed class MqttTransportTests(TestCertificateAuthorities authorities) : IClassFixture<TestCertificateAuthorities>
{
    private readonly TestCertificates _trusted = authorities.Trusted;
    private readonly TestCertificates _untrusted = authorities.Untrusted;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TlsConnectsWhenTheBrokerCertificateChainsToTheCaFile()
    {
        await using var broker = new FakeBroker(_trusted.Server);
        await using var client = new MqttClient(Options(broker, new MqttTlsOptions { CaFile = _trusted.CaFile, TargetHost = TestCertificates.ServerName }));

        Assert.True((await client.ConnectAsync(Ct)).IsSuccess);
        await broker.AcceptAsync();
    }

    [Fact]
    public async Task TlsAcceptsACaFileInDerForm()
    {
        var derFile = Path.Combine(Path.GetTempPath(), $"mqtt-test-ca-{Guid.NewGuid():N}.cer");
        await File.WriteAllBytesAsync(derFile, _trusted.Ca.RawData, Ct);
        try
        {
            await using var broker = new FakeBroker(_trusted.Server);
            await using var client = new MqttClient(Options(broker, new MqttTlsOptions { CaFile = derFile, TargetHost = TestCertificates.ServerName }));

            Assert.True((await client.ConnectAsync(Ct)).IsSuccess);
        }
        finally
        {
            File.Delete(derFile);
        }
    }

    [Fact]
    public async Task TlsRefusesABrokerCertificateFromAnotherCa()
    {
        await using var broker = new FakeBroker(_untrusted.Server);
        await using var client = new MqttClient(Options(broker, new MqttTlsOptions { CaFile = _trusted.CaFile, TargetHost = TestCertificates.ServerName }));

        await Assert.ThrowsAsync<AuthenticationException>(() => client.ConnectAsync(Ct));
    }

    [Fact]
    public async Task TlsRefusesAPrivateCaUnderSystemTrust()
    {
        await using var broker = new FakeBroker(_trusted.Server);
        await using var client = new MqttClient(Options(broker, new MqttTlsOptions { TargetHost = TestCertificates.ServerName }));

        await Assert.ThrowsAsync<AuthenticationException>(() => client.ConnectAsync(Ct));
    }

    [Fact]
    public async Task TlsRefusesAHostnameMismatchUnlessTheCheckIsOff()
    {
        await using var broker = new FakeBroker(_trusted.Server);
        await using var strict = new MqttClient(Options(broker, new MqttTlsOptions { CaFile = _trusted.CaFile, TargetHost = "other.test" }));
        await using var lenient = new MqttClient(Options(broker, new MqttTlsOptions { CaFile = _trusted.CaFile, TargetHost = "other.test", CheckHostname = false }));

        await Assert.ThrowsAsync<AuthenticationException>(() => strict.ConnectAsync(Ct));
        Assert.True((await lenient.ConnectAsync(Ct)).IsSuccess);
    }

    [Fact]
    public async Task TheTargetHostDefaultsToTheHost()
    {
        await using var broker = new FakeBroker(_trusted.Server);

        // Host 127.0.0.1 is not a name in the certificate.
        await using var client = new MqttClient(Options(broker, new MqttTlsOptions { CaFile = _trusted.CaFile }));

        await Assert.ThrowsAsync<AuthenticationException>(() => client.ConnectAsync(Ct));
    }

    [Fact]
    public async Task TheClientCertificateIsPresented()
    {
        await using var broker = new FakeBroker(_trusted.Server, requireClientCertificate: true);
        await using var client = new MqttClient(Options(broker, new MqttTlsOptions { CaFile = _trusted.CaFile, TargetHost = TestCertificates.ServerName, ClientCertificate = _trusted.Client }));

        await client.ConnectAsync(Ct);

        Assert.Equal("CN=hub", (await broker.AcceptAsync()).ClientCertificateSubject);
    }

    [Theory]
    [InlineData(SslPolicyErrors.None, true, true)]
    [InlineData(SslPolicyErrors.RemoteCertificateNameMismatch, true, false)]
    [InlineData(SslPolicyErrors.RemoteCertificateNameMismatch, false, true)]
    [InlineData(SslPolicyErrors.RemoteCertificateChainErrors, false, false)]
    [InlineData(SslPolicyErrors.RemoteCertificateNotAvailable, false, false)]
    public void OnlyTheHostnameCheckCanBeSwitchedOff(SslPolicyErrors errors, bool checkHostname, bool acceptable)
    {
        Assert.Equal(acceptable, MqttTransport.IsAcceptable(errors, checkHostname));
    }

    private static MqttClientOptions Options(FakeBroker broker, MqttTlsOptions tls) => new()
    {
        Host = "127.0.0.1",
        Port = broker.Port,
        ClientId = "tls-client",
        Tls = tls,
        AutoReconnect = false,
        ConnectTimeout = TimeSpan.FromSeconds(10),
    };
}
