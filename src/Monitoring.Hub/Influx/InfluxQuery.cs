using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Monitoring.Hub.Influx;

/// <summary>
/// InfluxQL over <c>/query</c>. Values from outside are passed only as bound parameters
/// (<c>params={"name":"value"}</c>, referenced as <c>$name</c>; InfluxDB 1.x binds them in WHERE
/// clauses, checked against 1.6.7), never spliced into the query text.
/// </summary>
public sealed class InfluxQuery(IHttpClientFactory httpClientFactory, IOptions<InfluxOptions> options)
{
    private readonly InfluxOptions _options = options.Value;

    /// <summary>Runs one read statement against the hub's database and returns its series.</summary>
    public async Task<IReadOnlyList<InfluxSeries>> ReadAsync(
        string influxQl, IReadOnlyDictionary<string, object?>? parameters, CancellationToken ct)
    {
        var form = new Dictionary<string, string>
        {
            ["db"] = _options.Database,
            ["q"] = influxQl,
        };
        if (parameters is { Count: > 0 })
        {
            form["params"] = JsonSerializer.Serialize(parameters);
        }

        // POST keeps long parameter values out of URLs and logs; /query accepts form bodies.
        var results = await SendAsync(form, ct);
        return results.Count == 0 ? [] : results[0];
    }

    /// <summary>Runs statements that change the schema (CREATE DATABASE, CREATE RETENTION POLICY), which need POST.</summary>
    public async Task ExecuteAsync(string influxQl, CancellationToken ct)
    {
        await SendAsync(new Dictionary<string, string> { ["q"] = influxQl }, ct);
    }

    private async Task<List<IReadOnlyList<InfluxSeries>>> SendAsync(Dictionary<string, string> form, CancellationToken ct)
    {
        using var client = httpClientFactory.CreateClient(InfluxSetup.HttpClientName);
        using var content = new FormUrlEncodedContent(form);
        using var response = await client.PostAsync(new Uri("query", UriKind.Relative), content, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InfluxException((int)response.StatusCode, ErrorOf(body) ?? body);
        }

        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.TryGetProperty("error", out var topError))
        {
            throw new InfluxException((int)response.StatusCode, topError.GetString() ?? "error");
        }

        var statements = new List<IReadOnlyList<InfluxSeries>>();
        if (!root.TryGetProperty("results", out var results))
        {
            return statements;
        }

        foreach (var result in results.EnumerateArray())
        {
            if (result.TryGetProperty("error", out var error))
            {
                throw new InfluxException((int)response.StatusCode, error.GetString() ?? "error");
            }

            var series = new List<InfluxSeries>();
            if (result.TryGetProperty("series", out var seriesArray))
            {
                foreach (var s in seriesArray.EnumerateArray())
                {
                    var columns = s.GetProperty("columns").EnumerateArray().Select(c => c.GetString() ?? "").ToList();
                    var rows = s.TryGetProperty("values", out var values)
                        ? values.EnumerateArray().Select(row => (IReadOnlyList<JsonElement>)row.EnumerateArray().Select(v => v.Clone()).ToList()).ToList()
                        : [];
                    series.Add(new InfluxSeries(s.TryGetProperty("name", out var name) ? name.GetString() ?? "" : "", columns, rows));
                }
            }

            statements.Add(series);
        }

        return statements;
    }

    private static string? ErrorOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("error", out var error) ? error.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>One series of a query result: column names and rows of JSON values (time first, as RFC 3339 text).</summary>
public sealed record InfluxSeries(string Name, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<JsonElement>> Rows);

/// <summary>InfluxDB answered, but with an error (HTTP status and its message).</summary>
public sealed class InfluxException : Exception
{
    public InfluxException()
    {
    }

    public InfluxException(string message)
        : base(message)
    {
    }

    public InfluxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InfluxException(int statusCode, string message)
        : base($"InfluxDB answered {statusCode}: {message}")
    {
        StatusCode = statusCode;
    }

    public int StatusCode { get; }
}
