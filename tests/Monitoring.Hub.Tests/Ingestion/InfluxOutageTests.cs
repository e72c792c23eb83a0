using System.Net;
using Monitoring.Hub.Tests.Infrastructure;
using Monitoring.Mqtt.Tests.Integration;

namespace Monitoring.Hub.Tests.Ingestion;

/// <summary>InfluxDB goes away for 30 s under a steady stream: nothing is acknowledged that is not written, nothing is lost.</summary>
[Collection(IngestionCollection.Name)]
public sealed class InfluxOutageTests(InfluxOutageTests.Fixture fixture) : IClassFixture<InfluxOutageTests.Fixture>
{
    /// <summary>A private InfluxDB (scripts/services.sh, own folder and port) that this class may stop.</summary>
    public sealed class Fixture : IngestionFixture
    {
        public PrivateServices Services { get; private set; } = null!;

        protected override Uri InfluxUrl => Services.InfluxUrl;

        protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Influx:StuckAfter"] = "00:00:05",
            ["Influx:RetryMaxDelay"] = "00:00:01",
        };

        protected override async Task StartDependenciesAsync() => Services = await PrivateServices.StartAsync("influxdb");

        protected override async Task StopDependenciesAsync() => await Services.DisposeAsync();
    }

    [Fact]
    public async Task EveryReadingLandsExactlyOnceAfterInfluxDbWasDownForThirtySeconds()
    {
        var device = await fixture.AssignedDeviceAsync();
        await using var publisher = await fixture.PublisherAsync(device);
        var stream = new SteadyStream(publisher, device.Id, TimeSpan.FromMilliseconds(20), DateTimeOffset.UtcNow.AddHours(-1));
        stream.Start();
        await BoundedWait.UntilAsync(() => stream.Sent >= 100, TimeSpan.FromSeconds(30), () => $"only {stream.Sent} sent", TestContext.Current.CancellationToken);

        await fixture.Services.StopAsync("influxdb");
        var down = DateTimeOffset.UtcNow;
        var sentWhenDown = stream.Sent;
        using var client = fixture.Anonymous();
        string? readiness = null;
        await BoundedWait.UntilAsync(() => (readiness = Ready(client)).Contains("\"influx-writer\":{\"status\":\"Unhealthy\"", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), () => $"readiness never showed the stuck writer: {readiness}", TestContext.Current.CancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(30) - (DateTimeOffset.UtcNow - down), TestContext.Current.CancellationToken);
        Assert.True(stream.Sent > sentWhenDown, "the stream stopped while InfluxDB was down (the broker should take it)");
        await fixture.Services.StartServiceAsync("influxdb");

        await BoundedWait.UntilAsync(() => stream.Sent >= sentWhenDown + 500, TimeSpan.FromSeconds(60), () => $"only {stream.Sent} sent", TestContext.Current.CancellationToken);
        var sent = await stream.StopAsync();

        await fixture.WaitForCountAsync("spo2", device.PatientId, sent, TimeSpan.FromSeconds(120));
        await fixture.WaitForCountAsync("pr", device.PatientId, sent, TimeSpan.FromSeconds(30));
        await BoundedWait.UntilAsync(() => Ready(client).Contains("\"influx-writer\":{\"status\":\"Healthy\"", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), () => Ready(client), TestContext.Current.CancellationToken);
    }

    private static string Ready(HttpClient client)
    {
        using var response = client.GetAsync(new Uri("/health/ready", UriKind.Relative)).GetAwaiter().GetResult();
        var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        return response.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable ? body : $"{response.StatusCode}: {body}";
    }
}
