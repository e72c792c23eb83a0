using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Hub.Observability;
using Monitoring.Hub.Tests.Infrastructure;
using Monitoring.Hub.Tests.Ingestion;
using Monitoring.Mqtt.Tests.Integration;

namespace Monitoring.Hub.Tests.Observability;

/// <summary><c>/metrics</c> of a hub that ingests real messages, who may read it, and the same figures in InfluxDB.</summary>
[Collection(IngestionCollection.Name)]
public sealed partial class MetricsEndpointTests(MetricsFixture fixture) : IClassFixture<MetricsFixture>
{
    /// <summary>The value of one sample line (exact name and labels), or null when absent.</summary>
    private static double? Sample(string exposition, string series)
    {
        var line = exposition.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? null : double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }

    private async Task<string> ScrapeAsAdministratorAsync()
    {
        var admin = await fixture.AdminAsync();
        using var response = await admin.GetAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/metrics answered {(int)response.StatusCode}: {body}");
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        return body;
    }

    /// <summary>
    /// A device's two readings, written: InfluxDB holds them and the hub's collector has seen the writer
    /// count them (it counts right after InfluxDB answers, so that is waited for too).
    /// </summary>
    private async Task<TestDevice> DeviceThatSentTwoReadingsAsync()
    {
        var before = ReadingsWrittenCollected();
        var device = await fixture.AssignedDeviceAsync();
        await using var publisher = await fixture.PublisherAsync(device);
        await publisher.TelemetryAsync(device.Id, $"[{{\"bt\":{DateTimeOffset.UtcNow.ToUnixTimeSeconds()},\"n\":\"spo2\",\"u\":\"%\",\"v\":97}},{{\"n\":\"pr\",\"u\":\"beat/min\",\"v\":71}}]");
        await fixture.WaitForCountAsync("spo2", device.PatientId, 1);
        await BoundedWait.UntilAsync(() => ReadingsWrittenCollected() >= before + 2, TimeSpan.FromSeconds(30),
            () => $"the collector saw {ReadingsWrittenCollected() - before} of the 2 readings written", TestContext.Current.CancellationToken);
        return device;
    }

    private double ReadingsWrittenCollected() =>
        fixture.Factory.Services.GetRequiredService<MetricsCollector>().Collect()
            .Where(f => f.InstrumentName == "rpm.ingest.readings_written")
            .SelectMany(f => f.Points)
            .Sum(p => p.Value);

    [Fact]
    public async Task AnAdministratorScrapesTheIngestionCountersInTheTextFormat()
    {
        await DeviceThatSentTwoReadingsAsync();

        var text = await ScrapeAsAdministratorAsync();

        Assert.True(Sample(text, "rpm_ingest_messages_total{topic=\"telemetry\"}") >= 1, text);
        Assert.True(Sample(text, "rpm_ingest_readings_written_total") >= 2, text);
        Assert.Contains("# TYPE rpm_ingest_messages_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE rpm_ingest_write_duration_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.True(Sample(text, "rpm_ingest_write_duration_seconds_count") >= 1, text);
        Assert.Contains("# TYPE rpm_ingest_buffer_depth gauge\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE monitoring_realtime_connections gauge\n", text, StringComparison.Ordinal);
        Assert.Matches(SampleLine(), text.TrimEnd('\n').Split('\n').First(l => !l.StartsWith('#')));
    }

    [Fact]
    public async Task AScraperFromAnAllowedNetworkNeedsNoTokenAndOthersNeedAnAdministrator()
    {
        var nurse = await fixture.CreateNurseAsync(await fixture.CreateClinicAsync());

        var loopback = await fixture.Factory.Server.SendAsync(c => Get(c, IPAddress.Loopback), TestContext.Current.CancellationToken);
        var outsider = await fixture.Factory.Server.SendAsync(c => Get(c, IPAddress.Parse("192.0.2.7")), TestContext.Current.CancellationToken);
        using var asNurse = await nurse.Client.GetAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(StatusCodes.Status200OK, loopback.Response.StatusCode);
        Assert.Equal(StatusCodes.Status401Unauthorized, outsider.Response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asNurse.StatusCode);
    }

    [Fact]
    public async Task TheSameFiguresAreWrittenToInfluxDbTaggedWithTheHubInstance()
    {
        await DeviceThatSentTwoReadingsAsync();
        var reporter = fixture.Factory.Services.GetRequiredService<InfluxMetricsReporter>();

        Assert.True(await reporter.ReportAsync(TestContext.Current.CancellationToken));
        var rows = await fixture.Influx.RowsAsync(
            $"SELECT last(\"rpm_ingest_readings_written_total\") FROM \"hub_metrics\" WHERE \"instance\" = '{fixture.ClientId}'");

        Assert.Equal(fixture.ClientId, reporter.Instance);
        Assert.True(Assert.Single(rows)[1].GetDouble() >= 2);
    }

    [Fact]
    public async Task TheClinicalCensusCountsPatientsInHomeTreatmentByTierAndOpenAlarms()
    {
        var clinic = await fixture.CreateClinicAsync();
        var admin = await fixture.AdminAsync();
        var patient = (await HubFixture.CreatePatientAsync(admin, clinic)).GetProperty("id").GetGuid();
        using (var started = await admin.PostJsonAsync($"/api/patients/{patient}/episodes", new { }))
        {
            Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        }

        await fixture.Factory.Services.GetRequiredService<ClinicalCensus>().RefreshAsync(TestContext.Current.CancellationToken);
        var text = await ScrapeAsAdministratorAsync();

        var labels = $"clinic=\"{clinic}\",clinic_name=\"";
        var green = text.Split('\n').Single(l => l.StartsWith("monitoring_patients_monitored{" + labels, StringComparison.Ordinal) && l.Contains("tier=\"green\"", StringComparison.Ordinal));
        var red = text.Split('\n').Single(l => l.StartsWith("monitoring_patients_monitored{" + labels, StringComparison.Ordinal) && l.Contains("tier=\"red\"", StringComparison.Ordinal));
        var high = text.Split('\n').Single(l => l.StartsWith("monitoring_alarms_open{" + labels, StringComparison.Ordinal) && l.Contains("priority=\"high\"", StringComparison.Ordinal));
        Assert.EndsWith("} 1", green, StringComparison.Ordinal);
        Assert.EndsWith("} 0", red, StringComparison.Ordinal);
        Assert.EndsWith("} 0", high, StringComparison.Ordinal);
    }

    private static void Get(HttpContext context, IPAddress remote)
    {
        context.Request.Method = HttpMethods.Get;
        context.Request.Path = "/metrics";
        context.Connection.RemoteIpAddress = remote;
    }

    /// <summary>A sample line of the text format: name, optional labels, a value.</summary>
    [GeneratedRegex("""^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\[\\"n])*"(,[a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\[\\"n])*")*\})? -?[0-9.eE+-]+$""")]
    private static partial Regex SampleLine();
}
