using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Monitoring.Hub.Broker;
using Monitoring.Hub.Tests.Infrastructure;
using Monitoring.Hub.Tests.Ingestion;

namespace Monitoring.Hub.Tests.Broker;

/// <summary>
/// The hub's broker connections over TLS (<c>Mqtt:Tls</c>, MQTTnet) against a private Mosquitto with two
/// TLS listeners: one presenting a certificate for 127.0.0.1 signed by a private CA (scripts/gen-certs.sh),
/// one a certificate of the same CA for another name. Devices publish on its plain listener.
/// </summary>
[Collection(IngestionCollection.Name)]
public sealed class BrokerTlsTests(BrokerTlsTests.Fixture fixture) : IClassFixture<BrokerTlsTests.Fixture>
{
    public sealed class Fixture : IngestionFixture
    {
        private string _certificates = null!;

        public PrivateServices Services { get; private set; } = null!;

        public int TlsPort { get; } = FreePort.Find();

        public int OtherNamePort { get; } = FreePort.Find();

        /// <summary>The CA that signed both broker certificates.</summary>
        public string CaFile => Path.Combine(_certificates, "right", "ca.crt");

        /// <summary>A CA that signed neither.</summary>
        public string OtherCaFile => Path.Combine(_certificates, "other", "ca.crt");

        /// <summary>The hub connects over TLS; devices use the plain listener (<see cref="PrivateServices.MqttPort"/>).</summary>
        public override int BrokerPort => TlsPort;

        public override string BrokerAdminPassword => PrivateServices.AdminPassword;

        protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Mqtt:Password"] = PrivateServices.HubPassword,
            ["Mqtt:Tls:Enabled"] = "true",
            ["Mqtt:Tls:CaFile"] = CaFile,
        };

        protected override async Task StartDependenciesAsync()
        {
            _certificates = Path.Combine(PrivateServices.RepositoryRoot(), ".local", "test-tls", Unique());
            await CertificatesAsync("right", "127.0.0.1", "localhost");
            // Same CA, another name: copy the CA in first so gen-certs.sh signs with it.
            Directory.CreateDirectory(Path.Combine(_certificates, "wrong-name"));
            File.Copy(Path.Combine(_certificates, "right", "ca.key"), Path.Combine(_certificates, "wrong-name", "ca.key"));
            File.Copy(CaFile, Path.Combine(_certificates, "wrong-name", "ca.crt"));
            await CertificatesAsync("wrong-name", "broker.invalid");
            await CertificatesAsync("other", "127.0.0.1");
            // The broker reads its keys as user mosquitto once it has dropped root.
            (await ExternalProcess.RunAsync("chmod", ["-R", "a+rX", _certificates], TimeSpan.FromSeconds(30))).EnsureSuccess("chmod");
            Services = await PrivateServices.StartWithBrokerConfigAsync(
            [
                $"listener {TlsPort} 127.0.0.1",
                $"certfile {Path.Combine(_certificates, "right", "server.crt")}",
                $"keyfile {Path.Combine(_certificates, "right", "server.key")}",
                $"listener {OtherNamePort} 127.0.0.1",
                $"certfile {Path.Combine(_certificates, "wrong-name", "server.crt")}",
                $"keyfile {Path.Combine(_certificates, "wrong-name", "server.key")}",
            ], "mosquitto");
        }

        protected override async Task StopDependenciesAsync()
        {
            await Services.DisposeAsync();
            Directory.Delete(_certificates, recursive: true);
        }

        private async Task CertificatesAsync(string name, params string[] hosts)
        {
            var script = Path.Combine(PrivateServices.RepositoryRoot(), "scripts", "gen-certs.sh");
            var result = await ExternalProcess.RunAsync("bash", [script, "--out", Path.Combine(_certificates, name), .. hosts], TimeSpan.FromMinutes(2));
            result.EnsureSuccess($"gen-certs.sh {name}");
        }
    }

    [Fact]
    public async Task TheHubConsumesOverTlsTrustingTheBrokersCa()
    {
        var device = await fixture.AssignedDeviceAsync();
        await using var publisher = await DevicePublisher.AsDeviceAsync(fixture.Services.MqttPort, device);

        await publisher.TelemetryAsync(device.Id, $$"""[{"n":"spo2","u":"%","v":95,"t":{{DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds()}}}]""");

        await fixture.WaitForCountAsync("spo2", device.PatientId, 1);
    }

    [Fact]
    public async Task ABrokerCertificateFromAnotherCaIsRefused()
    {
        Assert.Equal(HealthStatus.Healthy, (await ProbeAsync(fixture.TlsPort, fixture.CaFile, checkHostname: true)).Status);

        var refused = await ProbeAsync(fixture.TlsPort, fixture.OtherCaFile, checkHostname: true);

        Assert.Equal(HealthStatus.Unhealthy, refused.Status);
        // Not refused for the name: the hostname check is forgiven below and the chain still fails.
        Assert.Equal(HealthStatus.Unhealthy, (await ProbeAsync(fixture.TlsPort, fixture.OtherCaFile, checkHostname: false)).Status);
    }

    [Fact]
    public async Task ACertificateForAnotherNameIsRefusedUnlessTheHostnameCheckIsOff()
    {
        var refused = await ProbeAsync(fixture.OtherNamePort, fixture.CaFile, checkHostname: true);
        var accepted = await ProbeAsync(fixture.OtherNamePort, fixture.CaFile, checkHostname: false);

        Assert.Equal(HealthStatus.Unhealthy, refused.Status);
        Assert.True(accepted.Status == HealthStatus.Healthy, accepted.Description);
    }

    /// <summary>The broker health check's own probe connection (no ingestion), as the hub account.</summary>
    private static async Task<HealthCheckResult> ProbeAsync(int port, string caFile, bool checkHostname)
    {
        var options = Options.Create(new MqttOptions
        {
            Host = "127.0.0.1",
            Port = port,
            Username = "hub",
            Password = PrivateServices.HubPassword,
            ClientId = $"hub-tls-{HubFixture.Unique()}",
            Tls = new MqttTlsSettings { Enabled = true, CaFile = caFile, CheckHostname = checkHostname },
        });
        return await new BrokerHealthCheck(options).CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);
    }
}
