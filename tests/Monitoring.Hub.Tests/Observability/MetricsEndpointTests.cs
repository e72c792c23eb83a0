using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Hub.Observability;
using Monitoring.Hub.Tests.Infrastructure;
using Monitoring.Hub.Tests.Ingestion;

namespace Monitoring.Hub.Tests.Observability;

/// <summary><c>/metrics</c> of a hub that ingests real messages, who may read it, and the same figures in InfluxDB.</summary>
[Collection(IngestionCollection.Name)]
public sealed partial class MetricsEndpointTests(MetricsFixture fixture) : IClassFixture<MetricsFixture>
{
    /// <summary>
    /// The sample lines of one metric that carry every label given (<c>key="value"</c>); the exporter
    /// may add labels of its own (the meter's scope), so the others are not compared.
    /// </summary>
    private static IEnumerable<string> Lines(string exposition, string name, params string[] labels) =>
        exposition.Split('\n').Where(l =>
            (l.StartsWith(name + "{", StringComparison.Ordinal) || l.StartsWith(name + " ", StringComparison.Ordinal))
            && labels.All(label => l.Contains(label, StringComparison.Ordinal)));

    /// <summary>The sum of those lines' values, or null when there is none.</summary>
    private static double? Sample(string exposition, string name, params string[] labels)
    {
        var values = Lines(exposition, name, labels).Select(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture)).ToList();
        return values.Count == 0 ? null : values.Sum();
    }

    private async Task<string> ScrapeAsAdministratorAsync()
    {
        var admin = await fixture.AdminAsync();
        using var response = await admin.GetAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/metrics answered {(int)response.StatusCode}: {body}");
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Content.Headers.ContentType!.Parameters, p => p.Name == "version" && p.Value == "0.0.4");
        return body;
    }

    /// <summary>
    /// A device's two readings, written: InfluxDB holds them and /metrics shows the writer counted
    /// them (it counts right after InfluxDB answers, so that is waited for too).
    /// </summary>
    private async Task<TestDevice> DeviceThatSentTwoReadingsAsync()
    {
        var before = await ReadingsWrittenScrapedAsync();
        var device = await fixture.AssignedDeviceAsync();
        await using var publisher = await fixture.PublisherAsync(device);
        await publisher.TelemetryAsync(device.Id, $"[{{\"bt\":{DateTimeOffset.UtcNow.ToUnixTimeSeconds()},\"n\":\"spo2\",\"u\":\"%\",\"v\":97}},{{\"n\":\"pr\",\"u\":\"beat/min\",\"v\":71}}]");
        await fixture.WaitForCountAsync("spo2", device.PatientId, 1);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        for (var after = before; after < before + 2; after = await ReadingsWrittenScrapedAsync())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"/metrics showed {after - before} of the 2 readings written");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        return device;
    }

    private async Task<double> ReadingsWrittenScrapedAsync() =>
        Sample(await ScrapeAsAdministratorAsync(), "rpm_ingest_readings_written_total") ?? 0;

    [Fact]
    public async Task AnAdministratorScrapesTheIngestionCountersInTheTextFormat()
    {
        await DeviceThatSentTwoReadingsAsync();

        var text = await ScrapeAsAdministratorAsync();

        Assert.True(Sample(text, "rpm_ingest_messages_total", "topic=\"telemetry\"") >= 1, text);
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
        var exporter = fixture.Factory.Services.GetRequiredService<InfluxMetricsExporter>();

        Assert.True(exporter.ReportNow());
        var rows = await fixture.Influx.RowsAsync(
            $"SELECT last(\"rpm_ingest_readings_written_total\") FROM \"hub_metrics\" WHERE \"instance\" = '{fixture.ClientId}'");

        Assert.Equal(fixture.ClientId, exporter.Instance);
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

        var ofClinic = $"clinic=\"{clinic}\"";
        var green = Assert.Single(Lines(text, "monitoring_patients_monitored", ofClinic, "clinic_name=\"", "tier=\"green\""));
        var red = Assert.Single(Lines(text, "monitoring_patients_monitored", ofClinic, "tier=\"red\""));
        var high = Assert.Single(Lines(text, "monitoring_alarms_open", ofClinic, "priority=\"high\""));
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
