using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Monitoring.Hub.Tests.Infrastructure;
using Monitoring.Hub.Tests.Ingestion;

namespace Monitoring.Hub.Tests.DataLoss;

/// <summary>A reading InfluxDB refuses is lost too: the operator alarm and health say so (real Mosquitto, InfluxDB, PostgreSQL).</summary>
[Collection(IngestionCollection.Name)]
public sealed partial class InfluxRefusalAlarmTests(IngestionFixture fixture) : IClassFixture<IngestionFixture>
{
    [Fact]
    public async Task AReadingInfluxDbRefusesRaisesIngestDataLostNamingTheRefusal()
    {
        var ct = TestContext.Current.CancellationToken;
        var device = await fixture.AssignedDeviceAsync();
        var admin = await fixture.AdminAsync();
        // A string spo2 already in that time's shard makes InfluxDB refuse a float spo2 there (HTTP 400).
        var conflictAt = DateTimeOffset.UtcNow.AddDays(-27);
        await fixture.Influx.WriteAsync($"vitals,patient=seed spo2=\"not a number\" {conflictAt.ToUnixTimeMilliseconds()}\n");
        await using (var publisher = await fixture.PublisherAsync(device))
        {
            await publisher.TelemetryAsync(device.Id, string.Create(CultureInfo.InvariantCulture,
                $$"""[{"bn":"urn:dev:id:{{device.Id}}:","bt":{{conflictAt.ToUnixTimeSeconds()}},"n":"spo2","u":"%","v":95},{"n":"pr","u":"beat/min","v":72}]"""));
        }

        // The pulse of the same message lands; the refused SpO2 is counted as lost.
        await fixture.WaitForCountAsync("pr", device.PatientId, 1);
        JsonElement[] open = [];
        await BoundedWait.UntilAsync(
            () => (open = [.. admin.GetJsonAsync("/api/alarms?kind=ingest_data_lost&state=open").GetAwaiter().GetResult().EnumerateArray()]).Length == 1,
            TimeSpan.FromSeconds(60), () => "no ingest_data_lost alarm for the refused reading", ct);
        var refused = RefusedCount().Match(open[0].GetProperty("detail").GetString()!);
        Assert.True(refused.Success && long.Parse(refused.Groups[1].Value, CultureInfo.InvariantCulture) >= 1, open[0].ToString());
        Assert.Equal("high", open[0].GetProperty("priority").GetString());

        // The alarm is in the API once its row commits; the watch latches it for health only when the
        // raise returns (after the push to the administrators), so health may name it a moment later.
        using var anonymous = fixture.Anonymous();
        var check = default(JsonElement);
        await BoundedWait.UntilAsync(
            () => (check = DataLossCheck(anonymous)).GetRawText().Contains("ingest_data_lost alarm", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), () => $"health does not name the open alarm: {check}", ct);
        Assert.Equal("Degraded", check.GetProperty("status").GetString());
    }

    private static JsonElement DataLossCheck(HttpClient client)
    {
        using var response = client.GetAsync(new Uri("/health/ready", UriKind.Relative)).GetAwaiter().GetResult();
        using var ready = JsonDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
        return ready.RootElement.GetProperty("checks").GetProperty("data-loss").Clone();
    }

    [GeneratedRegex(@"(\d+) readings refused by InfluxDB")]
    private static partial Regex RefusedCount();
}
