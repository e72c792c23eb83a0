using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Ingestion;

/// <summary>Mosquitto (persistence on) restarts mid-stream: the hub's session and its queue survive, nothing is lost.</summary>
[Collection(IngestionCollection.Name)]
public sealed class BrokerRestartTests(BrokerRestartTests.Fixture fixture) : IClassFixture<BrokerRestartTests.Fixture>
{
    /// <summary>A private Mosquitto (scripts/services.sh: dynamic security, persistence, queue limits) that this class may restart.</summary>
    public sealed class Fixture : IngestionFixture
    {
        public PrivateServices Services { get; private set; } = null!;

        public override int BrokerPort => Services.MqttPort;

        public override string BrokerAdminPassword => PrivateServices.AdminPassword;

        /// <summary>
        /// A plain persistent subscription: Mosquitto 2.0.11 (Debian 12) does not restore shared
        /// subscriptions after a restart (see MqttOptions.SharedGroup), so only this survives it whole.
        /// </summary>
        public override string SharedGroup => "";

        protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Mqtt:Password"] = PrivateServices.HubPassword,
        };

        protected override async Task StartDependenciesAsync() => Services = await PrivateServices.StartAsync("mosquitto");

        protected override async Task StopDependenciesAsync() => await Services.DisposeAsync();
    }

    [Fact]
    public async Task EveryReadingLandsExactlyOnceAcrossABrokerRestart()
    {
        var device = await fixture.AssignedDeviceAsync();
        await using var publisher = await fixture.PublisherAsync(device);
        var stream = new SteadyStream(publisher, device.Id, TimeSpan.FromMilliseconds(10), DateTimeOffset.UtcNow.AddHours(-1));
        stream.Start();
        await BoundedWait.UntilAsync(() => stream.Sent >= 300, TimeSpan.FromSeconds(30), () => $"only {stream.Sent} sent", TestContext.Current.CancellationToken);

        // SIGTERM: Mosquitto saves sessions and queued messages, then starts again from them.
        await fixture.Services.StopAsync("mosquitto");
        await fixture.Services.StartServiceAsync("mosquitto");
        var sentAtRestart = stream.Sent;

        await BoundedWait.UntilAsync(() => stream.Sent >= sentAtRestart + 300, TimeSpan.FromSeconds(60), () => $"only {stream.Sent} sent after the restart", TestContext.Current.CancellationToken);
        var sent = await stream.StopAsync();

        await fixture.WaitForCountAsync("spo2", device.PatientId, sent, TimeSpan.FromSeconds(90));
        await fixture.WaitForCountAsync("pr", device.PatientId, sent, TimeSpan.FromSeconds(30));
    }
}
