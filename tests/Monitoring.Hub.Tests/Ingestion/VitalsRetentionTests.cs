using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Hub.Influx;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Ingestion;

/// <summary>
/// The vitals API reads the 1-minute aggregates or the raw readings as the range asks. The two are
/// seeded with different values (under different device tags, which the hub's continuous query,
/// running on its own schedule in the same database, never writes), so each answer shows where it came from.
/// </summary>
[Collection(IngestionCollection.Name)]
public sealed class VitalsRetentionTests(IngestionFixture fixture) : IClassFixture<IngestionFixture>
{
    private static DateTimeOffset HourDaysAgo(int days) =>
        DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddDays(-days).ToUnixTimeSeconds() / 3600 * 3600);

    private static string Iso(DateTimeOffset t) => Uri.EscapeDataString(t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));

    private static string Raw(Guid patient, DateTimeOffset t, double spo2) =>
        $"vitals,clinic=c,device=raw-ox,patient={patient} spo2={spo2.ToString(CultureInfo.InvariantCulture)} {t.ToUnixTimeMilliseconds()}";

    /// <summary>A 1-minute aggregate row as the continuous query writes it, but with values of our own.</summary>
    private static string Minute(Guid patient, DateTimeOffset t, double min, double max, double sum, long count) =>
        string.Create(CultureInfo.InvariantCulture,
            $"vitals_1m,clinic=c,device=agg-ox,patient={patient} min_spo2={min},max_spo2={max},sum_spo2={sum},count_spo2={count}i {t.ToUnixTimeMilliseconds()}");

    private async Task<IReadOnlyList<(DateTimeOffset T, double? Min, double? Mean, double? Max)>> BucketsAsync(Guid patient, DateTimeOffset from, DateTimeOffset to, string every)
    {
        var admin = await fixture.AdminAsync();
        using var response = await admin.GetAsync(
            new Uri($"/api/patients/{patient}/vitals?metric=spo2&from={Iso(from)}&to={Iso(to)}&every={every}", UriKind.Relative),
            TestContext.Current.CancellationToken);
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        static double? N(System.Text.Json.JsonElement e) => e.ValueKind == System.Text.Json.JsonValueKind.Number ? e.GetDouble() : null;
        return [.. body.EnumerateArray()
            .Select(b => (b.GetProperty("t").GetDateTimeOffset(), N(b.GetProperty("min")), N(b.GetProperty("mean")), N(b.GetProperty("max"))))
            .Where(b => b.Item2 is not null)];
    }

    [Fact]
    public async Task CoarseBucketsComeFromTheAggregatesAndFineOnesFromTheRawReadings()
    {
        var patient = (await fixture.AssignedDeviceAsync()).PatientId;
        var t0 = HourDaysAgo(3);
        await fixture.Influx.WriteAsync(string.Join('\n', Enumerable.Range(0, 60).Select(m => Raw(patient, t0.AddMinutes(m), 95))));
        await fixture.Influx.WriteAsync(string.Join('\n', Enumerable.Range(0, 60).Select(m => Minute(patient, t0.AddMinutes(m), 80, 90, 85, 1))), "rpm_1m");

        var hourly = await BucketsAsync(patient, t0, t0.AddHours(1), "1h");
        var fiveMinutes = await BucketsAsync(patient, t0, t0.AddHours(1), "5m");

        Assert.Equal([(t0, 80d, 85d, 90d)], hourly);
        Assert.Equal(12, fiveMinutes.Count);
        Assert.All(fiveMinutes, b => Assert.Equal((95d, 95d, 95d), (b.Min, b.Mean, b.Max)));
    }

    [Fact]
    public async Task FineBucketsOlderThanTheRawPolicyComeFromTheAggregates()
    {
        var patient = (await fixture.AssignedDeviceAsync()).PatientId;
        var t0 = HourDaysAgo(40);
        await fixture.Influx.WriteAsync(string.Join('\n', Enumerable.Range(0, 3).Select(m => Minute(patient, t0.AddMinutes(m), 90 + m, 92 + m, 2 * (91 + m), 2))), "rpm_1m");

        var minutes = await BucketsAsync(patient, t0, t0.AddMinutes(3), "1m");

        Assert.Equal([(t0, 90d, 91d, 92d), (t0.AddMinutes(1), 91d, 92d, 93d), (t0.AddMinutes(2), 92d, 93d, 94d)], minutes);
    }

    [Fact]
    public async Task TheRecentPartOfACoarseRangeComesFromTheRawReadings()
    {
        var patient = (await fixture.AssignedDeviceAsync()).PatientId;
        var old = HourDaysAgo(2);
        var recent = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMinutes(-30).ToUnixTimeSeconds() / 60 * 60);
        await fixture.Influx.WriteAsync(string.Join('\n', Raw(patient, old, 96), Raw(patient, recent, 97)));
        await fixture.Influx.WriteAsync(string.Join('\n', Minute(patient, old, 70, 70, 70, 1), Minute(patient, recent, 50, 50, 50, 1)), "rpm_1m");

        var buckets = await BucketsAsync(patient, old, DateTimeOffset.UtcNow, "1h");

        Assert.Equal(2, buckets.Count);
        Assert.Equal((70d, 70d, 70d), (buckets[0].Min, buckets[0].Mean, buckets[0].Max));
        Assert.Equal((97d, 97d, 97d), (buckets[1].Min, buckets[1].Mean, buckets[1].Max));
    }

    [Fact]
    public async Task BackfilledAggregatesGiveTheReadingsOwnMinMeanAndMax()
    {
        var patient = (await fixture.AssignedDeviceAsync()).PatientId;
        var t0 = HourDaysAgo(3);
        // Four readings in the first minute, one in the second: the mean weighs each reading once (90.4), not each minute (86.5).
        await fixture.Influx.WriteAsync(string.Join('\n',
            Raw(patient, t0, 90), Raw(patient, t0.AddSeconds(15), 92), Raw(patient, t0.AddSeconds(30), 94), Raw(patient, t0.AddSeconds(45), 96),
            Raw(patient, t0.AddMinutes(1), 80)));
        var schema = fixture.Factory.Services.GetRequiredService<InfluxSchema>();

        await fixture.Influx.ExecuteAsync(schema.BackfillStatement(t0, t0.AddHours(1)));
        var hourly = await BucketsAsync(patient, t0, t0.AddHours(1), "1h");

        var bucket = Assert.Single(hourly);
        Assert.Equal((t0, 80d, 96d), (bucket.T, bucket.Min, bucket.Max));
        Assert.Equal(90.4, bucket.Mean!.Value, 9);
    }
}
