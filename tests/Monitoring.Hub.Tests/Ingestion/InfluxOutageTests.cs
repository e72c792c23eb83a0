using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Hub.Ingestion;
using Monitoring.Hub.Tests.Infrastructure;

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

    [Fact]
    public async Task AMessageDurableBeforeAnEarlierOneIsNotAcknowledgedBeforeIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var device = await fixture.AssignedDeviceAsync();
        var consumer = fixture.Factory.Services.GetRequiredService<MqttIngestionConsumer>();
        await fixture.Services.StopAsync("influxdb");
        try
        {
            // A reading, which cannot be written while InfluxDB is down, then junk, durable as soon as its rejection row is.
            await using (var publisher = await fixture.PublisherAsync(device))
            {
                await publisher.TelemetryAsync(device.Id, $$"""[{"n":"spo2","u":"%","v":93,"t":{{DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds()}}}]""");
                await publisher.TelemetryAsync(device.Id, "not senml");
            }

            await BoundedWait.UntilAsync(() => Rejections() == 1, TimeSpan.FromSeconds(60), () => $"{Rejections()} rejections", ct);
            // In arrival order (MQTT 5 §4.6) the junk waits behind the reading: both are owed.
            Assert.True(consumer.Owed >= 2, $"only {consumer.Owed} messages owed an acknowledgement");
            await consumer.StopAsync(ct);
        }
        finally
        {
            await fixture.Services.StartServiceAsync("influxdb");
        }

        await consumer.StartAsync(ct);

        // The broker redelivers both: the reading lands once, and the junk, never acknowledged, is rejected again.
        await fixture.WaitForCountAsync("spo2", device.PatientId, 1, TimeSpan.FromSeconds(120));
        await BoundedWait.UntilAsync(() => Rejections() == 2, TimeSpan.FromSeconds(60), () => $"{Rejections()} rejections", ct);

        int Rejections()
        {
            using var connection = fixture.Database.DataSource.OpenConnection();
            return connection.QuerySingle<int>("SELECT count(*) FROM ingest_rejected WHERE device_id = @id", new { id = device.Id });
        }
    }

    private static string Ready(HttpClient client)
    {
        using var response = client.GetAsync(new Uri("/health/ready", UriKind.Relative)).GetAwaiter().GetResult();
        var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        return response.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable ? body : $"{response.StatusCode}: {body}";
    }
}
