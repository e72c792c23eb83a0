using System.Globalization;
using System.Text.Json;

namespace Monitoring.Hub.Benchmarks;

/// <summary>InfluxDB 1.x over its HTTP API: drop the bench database, count what landed.</summary>
public sealed class Influx(BenchSettings settings) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri($"http://127.0.0.1:{settings.InfluxPort}"), Timeout = TimeSpan.FromMinutes(5) };

    public async Task DropAsync(string database) => await QueryAsync(null, $"DROP DATABASE \"{database}\"");

    /// <summary>
    /// Points of one clinic in [from, to] that carry SpO2 and pulse: each load message is one point
    /// (same series and time), so a message written twice is still one point and a lost one is missing.
    /// </summary>
    public async Task<(long Spo2, long Pulse)> CountAsync(string database, Guid clinicId, DateTimeOffset from, DateTimeOffset to)
    {
        var body = await QueryAsync(database,
            $"SELECT count(spo2), count(pr) FROM \"rpm_raw\".\"vitals\" WHERE clinic = '{clinicId}' AND time >= {from.ToUnixTimeMilliseconds()}ms AND time <= {to.ToUnixTimeMilliseconds()}ms");
        using var json = JsonDocument.Parse(body);
        var result = json.RootElement.GetProperty("results")[0];
        if (result.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException($"InfluxDB: {error}");
        }

        if (!result.TryGetProperty("series", out var series))
        {
            return (0, 0);
        }

        var row = series[0].GetProperty("values")[0];
        return (row[1].GetInt64(), row[2].GetInt64());
    }

    public void Dispose() => _http.Dispose();

    private async Task<string> QueryAsync(string? database, string query)
    {
        var form = new Dictionary<string, string> { ["q"] = query, ["epoch"] = "ms" };
        if (database is not null)
        {
            form["db"] = database;
        }

        using var content = new FormUrlEncodedContent(form);
        using var response = await _http.PostAsync(new Uri("/query", UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? text
            : throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"InfluxDB answered {(int)response.StatusCode}: {text}"));
    }
}
