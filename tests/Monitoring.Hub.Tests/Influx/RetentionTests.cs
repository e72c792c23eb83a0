using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Hub.Influx;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Influx;

/// <summary>
/// Retention policies and the aggregating continuous query the hub creates at start-up, against the
/// real InfluxDB 1.x. A continuous query runs on the server's own schedule, so the aggregates are
/// checked through its definition and through the same SELECT ... INTO run by hand (a backfill).
/// </summary>
public sealed class RetentionTests : IAsyncDisposable
{
    private readonly InfluxTestDatabase _influx = new();
    private readonly List<ServiceProvider> _providers = [];

    private InfluxSchema Schema(Dictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Influx:Url"] = _influx.Url.ToString(),
            ["Influx:Database"] = _influx.Name,
        };
        foreach (var (key, value) in settings ?? [])
        {
            values[key] = value;
        }

        var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build())
            .AddLogging()
            .AddMetrics()
            .AddInflux()
            .BuildServiceProvider();
        _providers.Add(provider);
        return provider.GetRequiredService<InfluxSchema>();
    }

    private async Task<Dictionary<string, (string Duration, bool IsDefault)>> PoliciesAsync() =>
        (await _influx.RowsAsync("SHOW RETENTION POLICIES"))
            .ToDictionary(r => r[0].GetString()!, r => (r[1].GetString()!, r[4].GetBoolean()));

    /// <summary>The continuous queries of the test database: name → definition as InfluxDB shows it.</summary>
    private async Task<Dictionary<string, string>> ContinuousQueriesAsync() =>
        (await _influx.SeriesAsync("SHOW CONTINUOUS QUERIES"))
            .Where(s => s.Rows.Length > 0 && s.Rows[0][1].GetString()!.Contains($" ON {_influx.Name} ", StringComparison.Ordinal))
            .SelectMany(s => s.Rows)
            .ToDictionary(r => r[0].GetString()!, r => r[1].GetString()!);

    [Fact]
    public async Task StartUpCreatesRawReadingsFor30DaysAsDefaultAndMinuteAggregatesForAYear()
    {
        await Schema().EnsureAsync(TestContext.Current.CancellationToken);

        var policies = await PoliciesAsync();
        var queries = await ContinuousQueriesAsync();

        Assert.Equal(("720h0m0s", true), policies["rpm_raw"]);
        Assert.Equal(("8760h0m0s", false), policies["rpm_1m"]);
        var query = Assert.Single(queries);
        Assert.Equal("cq_vitals_1m", query.Key);
        Assert.Equal(
            $"CREATE CONTINUOUS QUERY cq_vitals_1m ON {_influx.Name} RESAMPLE EVERY 5m FOR 2h BEGIN SELECT min(*), max(*), sum(*), count(*) INTO {_influx.Name}.rpm_1m.vitals_1m FROM {_influx.Name}.rpm_raw.vitals GROUP BY time(1m), * END",
            query.Value);
    }

    [Fact]
    public async Task RestartingChangesNothingAndAChangedDefinitionReplacesTheQuery()
    {
        await Schema().EnsureAsync(TestContext.Current.CancellationToken);
        var policiesBefore = await PoliciesAsync();

        await Schema().EnsureAsync(TestContext.Current.CancellationToken);
        var queriesAfterRestart = await ContinuousQueriesAsync();
        await Schema(new() { ["Influx:AggregateResampleFor"] = "06:00:00" }).EnsureAsync(TestContext.Current.CancellationToken);
        var queriesAfterChange = await ContinuousQueriesAsync();

        Assert.Equal(policiesBefore, await PoliciesAsync());
        Assert.Contains("FOR 2h ", Assert.Single(queriesAfterRestart).Value, StringComparison.Ordinal);
        Assert.Contains("FOR 6h ", Assert.Single(queriesAfterChange).Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APolicyAnOperatorAlteredIsKept()
    {
        await Schema().EnsureAsync(TestContext.Current.CancellationToken);
        using var client = new HttpClient { BaseAddress = _influx.Url };
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["q"] = $"ALTER RETENTION POLICY \"rpm_raw\" ON \"{_influx.Name}\" DURATION 90d" });
        using var altered = await client.PostAsync(new Uri("query", UriKind.Relative), content, TestContext.Current.CancellationToken);
        Assert.True(altered.IsSuccessStatusCode);

        await Schema().EnsureAsync(TestContext.Current.CancellationToken);

        Assert.Equal("2160h0m0s", (await PoliciesAsync())["rpm_raw"].Duration);
    }

    [Fact]
    public async Task PolicyAndQueryNamesAndDurationsComeFromConfiguration()
    {
        await Schema(new()
        {
            ["Influx:RetentionPolicy"] = "raw_short",
            ["Influx:RetentionDuration"] = "7d",
            ["Influx:AggregateRetentionPolicy"] = "agg_long",
            ["Influx:AggregateRetentionDuration"] = "104w",
            ["Influx:AggregateContinuousQuery"] = "cq_custom",
        }).EnsureAsync(TestContext.Current.CancellationToken);

        var policies = await PoliciesAsync();
        var query = Assert.Single(await ContinuousQueriesAsync());

        Assert.Equal(("168h0m0s", true), policies["raw_short"]);
        Assert.Equal(("17472h0m0s", false), policies["agg_long"]);
        Assert.Equal("cq_custom", query.Key);
        Assert.Contains($"INTO {_influx.Name}.agg_long.vitals_1m FROM {_influx.Name}.raw_short.vitals", query.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithAggregatesOffOnlyTheRawPolicyIsCreated()
    {
        await Schema(new() { ["Influx:AggregatesEnabled"] = "false" }).EnsureAsync(TestContext.Current.CancellationToken);

        Assert.DoesNotContain("rpm_1m", (await PoliciesAsync()).Keys);
        Assert.Empty(await ContinuousQueriesAsync());
    }

    [Fact]
    public async Task TheQuerysSelectKeepsMinMaxSumAndCountPerMinuteAndSeries()
    {
        var schema = Schema();
        await schema.EnsureAsync(TestContext.Current.CancellationToken);
        var minute = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddDays(-3).ToUnixTimeSeconds() / 60 * 60);
        long Ms(int seconds) => minute.AddSeconds(seconds).ToUnixTimeMilliseconds();
        await _influx.WriteAsync(string.Join('\n',
            $"vitals,clinic=c,device=d1,patient=p spo2=95,pr=80 {Ms(0)}",
            $"vitals,clinic=c,device=d1,patient=p spo2=91 {Ms(20)}",
            $"vitals,clinic=c,device=d1,patient=p spo2=93 {Ms(40)}",
            $"vitals,clinic=c,device=d1,patient=p spo2=99 {Ms(60)}",
            $"vitals,clinic=c,device=d2,patient=p temp=37.5 {Ms(10)}"));

        await _influx.ExecuteAsync(schema.BackfillStatement(minute.AddHours(-1), minute.AddHours(1)));
        var rows = await _influx.RowsAsync(
            "SELECT min_spo2, max_spo2, sum_spo2, count_spo2, min_pr, count_pr FROM rpm_1m.vitals_1m WHERE device = 'd1'");
        var temperature = await _influx.RowsAsync("SELECT max_temp, count_temp FROM rpm_1m.vitals_1m WHERE device = 'd2'");

        Assert.Equal(
            [(Iso(minute), 91d, 95d, 279d, 3L, 80d, 1L), (Iso(minute.AddMinutes(1)), 99d, 99d, 99d, 1L, -1d, -1L)],
            rows.Select(r => (r[0].GetString(), r[1].GetDouble(), r[2].GetDouble(), r[3].GetDouble(), r[4].GetInt64(),
                r[5].ValueKind == System.Text.Json.JsonValueKind.Number ? r[5].GetDouble() : -1, r[6].ValueKind == System.Text.Json.JsonValueKind.Number ? r[6].GetInt64() : -1)));
        Assert.Equal((37.5, 1L), (Assert.Single(temperature)[1].GetDouble(), temperature[0][2].GetInt64()));
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        await _influx.DisposeAsync();
    }
}
