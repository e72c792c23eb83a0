using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Monitoring.Contracts.Metrics;
using Monitoring.Hub.Influx;
using Monitoring.Hub.Observability;
using YamlDotNet.RepresentationModel;

namespace Monitoring.Deployment.Tests;

/// <summary>
/// Grafana's provisioning (dashboards/grafana) against the compose file and the hub: the data source
/// reaches the compose InfluxDB, and every dashboard query reads measurements and fields the hub
/// really writes, and runs on the real InfluxDB 1.x.
/// </summary>
public sealed partial class GrafanaProvisioningTests
{
    private const string Provisioning = "dashboards/grafana/provisioning";
    private const string DashboardsFolder = "dashboards/grafana/dashboards";

    private static readonly InfluxOptions HubInflux = new();
    private static readonly string MetricsMeasurement = new MetricsOptions().InfluxMeasurement;

    private static YamlMappingNode Yaml(string relativePath)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(Repository.Read(relativePath));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    private static YamlMappingNode DataSource() =>
        (YamlMappingNode)((YamlSequenceNode)Yaml($"{Provisioning}/datasources/influxdb.yml")["datasources"]).Children.Single();

    public static IEnumerable<TheoryDataRow<string>> Dashboards() =>
        Directory.GetFiles(Repository.PathOf(DashboardsFolder), "*.json").Select(f => new TheoryDataRow<string>(Path.GetFileName(f)));

    private static JsonElement Dashboard(string file) => JsonDocument.Parse(Repository.Read($"{DashboardsFolder}/{file}")).RootElement;

    /// <summary>Every InfluxQL text of a dashboard: panel targets and template variable queries.</summary>
    private static List<(string Where, string Query)> Queries(JsonElement dashboard)
    {
        var queries = new List<(string, string)>();
        foreach (var panel in dashboard.GetProperty("panels").EnumerateArray().Where(p => p.TryGetProperty("targets", out _)))
        {
            foreach (var target in panel.GetProperty("targets").EnumerateArray())
            {
                queries.Add(($"panel '{panel.GetProperty("title").GetString()}' {target.GetProperty("refId").GetString()}", target.GetProperty("query").GetString()!));
            }
        }

        foreach (var variable in dashboard.GetProperty("templating").GetProperty("list").EnumerateArray())
        {
            queries.Add(($"variable {variable.GetProperty("name").GetString()}", variable.GetProperty("query").GetString()!));
        }

        return queries;
    }

    [Fact]
    public void TheDataSourceReadsTheComposeInfluxDbAsItsReadOnlyUser()
    {
        var compose = ComposeFile.Load();
        var influx = ComposeFile.Environment(compose.Service("influxdb"));
        var hub = ComposeFile.Environment(compose.Service("hub"));
        var grafana = ComposeFile.Environment(compose.Service("grafana"));
        var source = DataSource();
        var url = new Uri(ComposeFile.Value(source, "url")!);

        Assert.Equal(new Uri(hub["Influx__Url"]), url);
        Assert.Equal("influxdb", ComposeFile.Value(source, "type"));
        Assert.Equal(hub["Influx__Database"], ComposeFile.Value(source, "jsonData", "dbName"));
        Assert.Equal(influx["INFLUXDB_READ_USER"], ComposeFile.Value(source, "user"));
        var password = ComposeFile.Value(source, "secureJsonData", "password")!;
        Assert.StartsWith("$", password, StringComparison.Ordinal);
        Assert.True(grafana.ContainsKey(password.TrimStart('$').Trim('{', '}')), $"grafana's environment has no {password}");
        Assert.Equal($"{new MetricsOptions().InfluxInterval.TotalSeconds:0}s", ComposeFile.Value(source, "jsonData", "timeInterval"));
    }

    [Fact]
    public void TheProvisioningAndDashboardFoldersAreMountedReadOnlyWhereTheProviderLooks()
    {
        var mounts = ComposeFile.List(ComposeFile.Load().Service("grafana"), "volumes").Select(v => v.Split(':')).Where(p => p[0].StartsWith('.')).ToList();
        var provider = (YamlMappingNode)((YamlSequenceNode)Yaml($"{Provisioning}/dashboards/home-monitoring.yml")["providers"]).Children.Single();

        Assert.Contains(mounts, m => m[0] == $"./{Provisioning}" && m[1] == "/etc/grafana/provisioning");
        Assert.Contains(mounts, m => m[0] == $"./{DashboardsFolder}" && m[1] == ComposeFile.Value(provider, "options", "path"));
        Assert.All(mounts, m => Assert.Equal("ro", m[^1]));
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void ADashboardUsesTheProvisionedDataSourceAndRawInfluxQl(string file)
    {
        var dashboard = Dashboard(file);
        var uid = ComposeFile.Value(DataSource(), "uid");
        var panels = dashboard.GetProperty("panels").EnumerateArray().Where(p => p.GetProperty("type").GetString() != "row").ToList();

        Assert.False(string.IsNullOrEmpty(dashboard.GetProperty("uid").GetString()));
        Assert.NotEmpty(panels);
        Assert.All(panels, p => Assert.Equal(uid, p.GetProperty("datasource").GetProperty("uid").GetString()));
        Assert.All(panels.SelectMany(p => p.GetProperty("targets").EnumerateArray()), t =>
        {
            Assert.Equal(uid, t.GetProperty("datasource").GetProperty("uid").GetString());
            Assert.True(t.GetProperty("rawQuery").GetBoolean());
            Assert.False(string.IsNullOrWhiteSpace(t.GetProperty("query").GetString()));
        });
    }

    [Fact]
    public void DashboardUidsAreUnique()
    {
        var uids = Dashboards().Select(d => Dashboard(d.Data).GetProperty("uid").GetString()).ToList();

        Assert.Equal(uids.Count, uids.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void EveryQueryReadsMeasurementsAndFieldsTheHubWrites(string file)
    {
        var aggregateFields = VitalMetrics.All.SelectMany(m => new[] { "min_", "max_", "sum_", "count_" }.Select(p => p + m.Name)).ToHashSet();
        var fieldsOf = new Dictionary<string, IReadOnlySet<string>>
        {
            [InfluxSchema.VitalsMeasurement] = VitalMetrics.All.Select(m => m.Name).ToHashSet(),
            [InfluxSchema.VitalsAggregateMeasurement] = aggregateFields,
            [MetricsMeasurement] = HubMetricNames.All,
        };

        foreach (var (where, query) in Queries(Dashboard(file)))
        {
            var sources = FromClause().Matches(query).Select(m => m.Groups["path"].Value.Split('.').Select(p => p.Trim('"')).ToArray()).ToList();
            Assert.True(sources.Count > 0, $"{file} {where} reads no measurement: {query}");
            foreach (var path in sources)
            {
                var measurement = path[^1];
                Assert.True(fieldsOf.ContainsKey(measurement), $"{file} {where} reads '{measurement}', which the hub does not write");
                if (path.Length > 1)
                {
                    var expectedPolicy = measurement == InfluxSchema.VitalsAggregateMeasurement ? HubInflux.AggregateRetentionPolicy : HubInflux.RetentionPolicy;
                    Assert.True(path[^2] == expectedPolicy, $"{file} {where} reads {measurement} from policy {path[^2]}, not {expectedPolicy}");
                }
                else
                {
                    Assert.True(measurement != InfluxSchema.VitalsAggregateMeasurement, $"{file} {where}: {measurement} is not in the default policy; name {HubInflux.AggregateRetentionPolicy}");
                }
            }

            var aliases = Alias().Matches(query).Select(m => m.Groups[1].Value).ToHashSet();
            var allowed = sources.SelectMany(p => fieldsOf[p[^1]]).ToHashSet();
            foreach (var field in FieldReference().Matches(query).Select(m => m.Groups[1].Value).Where(f => !aliases.Contains(f)))
            {
                Assert.True(allowed.Contains(field), $"{file} {where} names field '{field}', which the hub does not write to {string.Join(", ", sources.Select(s => s[^1]))}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public async Task EveryPanelQueryRunsOnTheRealInfluxDbAndFindsWhatTheHubWrote(string file)
    {
        var dashboard = Dashboard(file);
        var variables = dashboard.GetProperty("templating").GetProperty("list").EnumerateArray().Select(v => v.GetProperty("name").GetString()!).ToList();
        await using var influx = await SampleDatabase.CreateAsync();

        foreach (var (where, query) in Queries(dashboard))
        {
            var text = query
                .Replace("$timeFilter", "time > now() - 1h", StringComparison.Ordinal)
                .Replace("$__interval", "10s", StringComparison.Ordinal);
            // A variable set to "All" matches everything.
            text = variables.OrderByDescending(v => v.Length).Aggregate(text, (t, v) => t.Replace("$" + v, ".*", StringComparison.Ordinal));

            var values = await influx.ValuesAsync(text);

            Assert.True(values.Count > 0, $"{file} {where} found nothing in data shaped like the hub's: {text}");
        }
    }

    [GeneratedRegex(@"\bFROM\s+(?<path>(?:""[^""]+""|\w+)(?:\.(?:""[^""]+""|\w+))*)", RegexOptions.IgnoreCase)]
    private static partial Regex FromClause();

    [GeneratedRegex(@"\w+\(\s*""([A-Za-z0-9_]+)""")]
    private static partial Regex FieldReference();

    [GeneratedRegex(@"\bAS\s+""([A-Za-z0-9_]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex Alias();

    /// <summary>
    /// A throw-away database with the hub's retention policies and, for the last 30 s, points of every
    /// measurement the dashboards read: every hub metric field (rising, every tag the hub uses), vitals and their aggregates.
    /// </summary>
    private sealed class SampleDatabase : IAsyncDisposable
    {
        private readonly HttpClient _http;
        private readonly string _name = $"rpm_d_{Guid.NewGuid():N}"[..18];

        private SampleDatabase(HttpClient http) => _http = http;

        public static async Task<SampleDatabase> CreateAsync()
        {
            var url = new Uri(Environment.GetEnvironmentVariable("Influx__Url") ?? "http://127.0.0.1:8086");
            var database = new SampleDatabase(new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) });
            await database.ExecuteAsync($"CREATE DATABASE \"{database._name}\"");
            await database.ExecuteAsync($"CREATE RETENTION POLICY \"{HubInflux.RetentionPolicy}\" ON \"{database._name}\" DURATION 30d REPLICATION 1 DEFAULT");
            await database.ExecuteAsync($"CREATE RETENTION POLICY \"{HubInflux.AggregateRetentionPolicy}\" ON \"{database._name}\" DURATION 365d REPLICATION 1");

            var now = DateTimeOffset.UtcNow;
            var lines = new List<string>();
            const string Tags = "clinic=c1,clinic_name=Clinic\\ A,cpu_mode=user,instance=hub-1,kind=spo2_low,mqtt_client_id=hub-1,priority=high,reason=invalid_senml,tier=red,topic=telemetry";
            for (var i = 0; i < 3; i++)
            {
                var t = (now - TimeSpan.FromSeconds(25 - (10 * i))).ToUnixTimeMilliseconds();
                lines.Add($"{MetricsMeasurement},{Tags} {string.Join(',', HubMetricNames.All.Order().Select(f => $"{f}={i + 1}"))} {t}");
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"{InfluxSchema.VitalsMeasurement},clinic=c1,device=d1,patient=p1 spo2={95 - i},pr=80,temp={37 + (0.5 * i)},rr=16,pi=3,bat=90 {t}"));
            }

            var minute = now.ToUnixTimeSeconds() / 60 * 60 * 1000 - 60_000;
            var aggregates = string.Join(',', VitalMetrics.All.SelectMany(m => new[] { $"min_{m.Name}=1", $"max_{m.Name}=2", $"sum_{m.Name}=3", $"count_{m.Name}=2i" }));
            await database.WriteAsync(HubInflux.RetentionPolicy, string.Join('\n', lines));
            await database.WriteAsync(HubInflux.AggregateRetentionPolicy, $"{InfluxSchema.VitalsAggregateMeasurement},clinic=c1,device=d1,patient=p1 {aggregates} {minute}");
            return database;
        }

        /// <summary>The non-null values of every series a query returns (failing on an InfluxDB error).</summary>
        public async Task<List<JsonElement>> ValuesAsync(string query)
        {
            using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["db"] = _name, ["q"] = query });
            using var response = await _http.PostAsync(new Uri("query", UriKind.Relative), content, TestContext.Current.CancellationToken);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
            Assert.False(body.TryGetProperty("error", out var refused), $"InfluxDB: {refused} for {query}");
            var result = body.GetProperty("results")[0];
            Assert.False(result.TryGetProperty("error", out var error), $"InfluxDB: {error} for {query}");
            return !result.TryGetProperty("series", out var series)
                ? []
                : [.. series.EnumerateArray()
                    .Where(s => s.TryGetProperty("values", out _))
                    .SelectMany(s => s.GetProperty("values").EnumerateArray())
                    .SelectMany(row => row.EnumerateArray().Skip(1))
                    .Where(v => v.ValueKind is not JsonValueKind.Null)
                    .Select(v => v.Clone())];
        }

        public async ValueTask DisposeAsync()
        {
            await ExecuteAsync($"DROP DATABASE \"{_name}\"");
            _http.Dispose();
        }

        private async Task ExecuteAsync(string statement)
        {
            using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["q"] = statement });
            using var response = await _http.PostAsync(new Uri("query", UriKind.Relative), content, TestContext.Current.CancellationToken);
            var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.True(response.IsSuccessStatusCode && !text.Contains("\"error\"", StringComparison.Ordinal), $"{statement}: {text}");
        }

        private async Task WriteAsync(string policy, string lines)
        {
            using var content = new StringContent(lines);
            using var response = await _http.PostAsync(new Uri($"write?db={_name}&rp={policy}&precision=ms", UriKind.Relative), content, TestContext.Current.CancellationToken);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }
    }
}
