using System.Globalization;
using System.Net;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Ingestion;

/// <summary><c>GET /api/patients/{id}/vitals</c> over what ingestion wrote.</summary>
[Collection(IngestionCollection.Name)]
public sealed class VitalsApiTests(IngestionFixture fixture) : IClassFixture<IngestionFixture>
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddDays(-2).ToUnixTimeSeconds() / 3600 * 3600);

    private static string Iso(DateTimeOffset t) => Uri.EscapeDataString(t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));

    private async Task<TestDevice> DeviceWithTenMinutesOfSpo2Async()
    {
        var device = await fixture.AssignedDeviceAsync();
        await using var publisher = await fixture.PublisherAsync(device);
        var records = string.Join(",", Enumerable.Range(0, 10).Select(i => $"{{\"n\":\"spo2\",\"u\":\"%\",\"v\":{90 + i},\"t\":{i * 60}}}"));
        await publisher.TelemetryAsync(device.Id, $"[{{\"bt\":{T0.ToUnixTimeSeconds()}}},{records}]");
        await fixture.WaitForCountAsync("spo2", device.PatientId, 10);
        return device;
    }

    [Fact]
    public async Task ReturnsRawReadingsOrMinMeanMaxPerBucket()
    {
        var device = await DeviceWithTenMinutesOfSpo2Async();
        var admin = await fixture.AdminAsync();
        var range = $"from={Iso(T0)}&to={Iso(T0.AddMinutes(10))}";

        using var raw = await admin.GetAsync(new Uri($"/api/patients/{device.PatientId}/vitals?metric=spo2&{range}", UriKind.Relative), TestContext.Current.CancellationToken);
        var points = await raw.ReadJsonAsync();
        using var aggregated = await admin.GetAsync(new Uri($"/api/patients/{device.PatientId}/vitals?metric=spo2&{range}&every=5m", UriKind.Relative), TestContext.Current.CancellationToken);
        var buckets = await aggregated.ReadJsonAsync();

        Assert.True(raw.StatusCode == HttpStatusCode.OK, points.ToString());
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (T0.AddMinutes(i), 90d + i)),
            points.EnumerateArray().Select(p => (p.GetProperty("t").GetDateTimeOffset(), p.GetProperty("value").GetDouble())));
        Assert.True(aggregated.StatusCode == HttpStatusCode.OK, buckets.ToString());
        Assert.Equal([(T0, 90d, 92d, 94d), (T0.AddMinutes(5), 95d, 97d, 99d)],
            buckets.EnumerateArray().Select(b => (b.GetProperty("t").GetDateTimeOffset(), b.GetProperty("min").GetDouble(), b.GetProperty("mean").GetDouble(), b.GetProperty("max").GetDouble())));
    }

    [Theory]
    [InlineData("metric=spo2%22%20OR%201%3D1", "metric")]
    [InlineData("metric=spo2\"),max(\"pr", "metric")]
    [InlineData("metric=SPO2", "metric")]
    [InlineData("", "metric")]
    [InlineData("metric=spo2&every=1m)%3B%20DROP%20DATABASE%20rpm", "every")]
    [InlineData("metric=spo2&every=0s", "every")]
    [InlineData("metric=spo2&every=1.5s", "every")]
    [InlineData("metric=spo2&from=yesterday", "from")]
    [InlineData("metric=spo2&from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "from")]
    public async Task BadOrHostileParametersGetAProblemNamingTheField(string query, string field)
    {
        var device = await fixture.AssignedDeviceAsync();
        var admin = await fixture.AdminAsync();

        using var response = await admin.GetAsync(new Uri($"/api/patients/{device.PatientId}/vitals?{query}", UriKind.Relative), TestContext.Current.CancellationToken);
        var body = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.ToString());
    }

    [Fact]
    public async Task ANurseSeesHerClinicsPatientAndNotAnotherClinics()
    {
        var device = await DeviceWithTenMinutesOfSpo2Async();
        var own = await fixture.CreateNurseAsync(device.ClinicId);
        var other = await fixture.CreateNurseAsync(await fixture.CreateClinicAsync());
        var path = new Uri($"/api/patients/{device.PatientId}/vitals?metric=spo2&from={Iso(T0)}&to={Iso(T0.AddHours(1))}", UriKind.Relative);

        using var mine = await own.Client.GetAsync(path, TestContext.Current.CancellationToken);
        using var theirs = await other.Client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        Assert.Equal(10, (await mine.ReadJsonAsync()).GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
    }

    [Fact]
    public async Task RejectedMessagesAreForAdministratorsOnly()
    {
        var nurse = await fixture.CreateNurseAsync(await fixture.CreateClinicAsync());
        var admin = await fixture.AdminAsync();

        using var forbidden = await nurse.Client.GetAsync(new Uri("/api/ingest/rejected", UriKind.Relative), TestContext.Current.CancellationToken);
        using var badLimit = await admin.GetAsync(new Uri("/api/ingest/rejected?limit=0", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
    }
}
