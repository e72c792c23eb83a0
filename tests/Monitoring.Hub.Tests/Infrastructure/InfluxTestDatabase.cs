using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Monitoring.Hub.Tests.Infrastructure;

/// <summary>
/// A throw-away InfluxDB database <c>rpm_t_&lt;random&gt;</c> on the server of Influx__Url (or the
/// given URL), for what the hub wrote: counts and raw queries. Dropped at the end.
/// </summary>
public sealed class InfluxTestDatabase : IAsyncDisposable
{
    private readonly HttpClient _http;

    public InfluxTestDatabase(Uri? url = null)
    {
        Url = url ?? BaseUrl;
        Name = $"rpm_t_{Guid.NewGuid():N}"[..18];
        _http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(10) };
    }

    public static Uri BaseUrl => new(Environment.GetEnvironmentVariable("Influx__Url") ?? "http://127.0.0.1:8086");

    public Uri Url { get; }

    public string Name { get; }

    /// <summary>Number of points with <paramref name="field"/> in <paramref name="measurement"/> (optionally of one patient); 0 when the database does not answer yet.</summary>
    public async Task<long> CountAsync(string field, Guid? patientId = null, string measurement = "vitals")
    {
        var where = patientId is { } p ? $" WHERE \"patient\" = '{p}'" : "";
        var rows = await RowsAsync($"SELECT count(\"{field}\") FROM \"{measurement}\"{where}");
        return rows.Count == 0 ? 0 : rows[0][1].GetInt64();
    }

    /// <summary>Like <see cref="CountAsync"/>, but a failure to answer counts as -1 (for waits across an outage).</summary>
    public async Task<long> TryCountAsync(string field, Guid? patientId = null)
    {
        try
        {
            return await CountAsync(field, patientId);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            return -1;
        }
    }

    /// <summary>Rows of the first series of a query (time first), as JSON values.</summary>
    public async Task<IReadOnlyList<JsonElement[]>> RowsAsync(string query)
    {
        var series = await SeriesAsync(query);
        return series.Count == 0 ? [] : series[0].Rows;
    }

    public async Task<IReadOnlyList<(string[] Columns, JsonElement[][] Rows)>> SeriesAsync(string query)
    {
        var uri = new Uri($"query?db={Name}&q={Uri.EscapeDataString(query)}", UriKind.Relative);
        using var response = await _http.GetAsync(uri, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var result = body.GetProperty("results")[0];
        if (result.TryGetProperty("error", out var error))
        {
            if (error.GetString()!.Contains("database not found", StringComparison.Ordinal))
            {
                return [];
            }

            throw new InvalidOperationException($"InfluxDB: {error.GetString()} for {query}");
        }

        if (!result.TryGetProperty("series", out var series))
        {
            return [];
        }

        return [.. series.EnumerateArray().Select(s => (
            s.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToArray(),
            s.TryGetProperty("values", out var values)
                ? values.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.Clone()).ToArray()).ToArray()
                : []))];
    }

    /// <summary>Writes raw line protocol (ms precision) into the hub's retention policy, retrying until the hub has created it.</summary>
    public async Task WriteAsync(string lines, string retentionPolicy = "rpm_raw")
    {
        var status = 0;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var content = new StringContent(lines);
            using var response = await _http.PostAsync(new Uri($"write?db={Name}&rp={retentionPolicy}&precision=ms", UriKind.Relative), content);
            status = (int)response.StatusCode;
            if (status == 204)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"InfluxDB did not take the seed lines (last status {status})");
    }

    /// <summary>Runs a statement that writes or changes something (POST), failing the test on an error.</summary>
    public async Task ExecuteAsync(string statement)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["db"] = Name, ["q"] = statement });
        using var response = await _http.PostAsync(new Uri("query", UriKind.Relative), content, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode && !body.Contains("\"error\"", StringComparison.Ordinal), $"InfluxDB answered {(int)response.StatusCode}: {body} for {statement}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["q"] = $"DROP DATABASE \"{Name}\"" });
            using var _ = await _http.PostAsync(new Uri("query", UriKind.Relative), content);
        }
        catch (HttpRequestException)
        {
            // The server is gone (a private one already stopped): nothing to drop.
        }

        _http.Dispose();
    }

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
