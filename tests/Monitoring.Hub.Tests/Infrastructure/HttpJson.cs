using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Monitoring.Hub.Tests.Infrastructure;

/// <summary>JSON in and out of the hub, and the RFC 7807 checks every error answer must pass.</summary>
public static class HttpJson
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object? body) =>
        client.PostAsync(new Uri(path, UriKind.Relative), JsonContent.Create(body), TestContext.Current.CancellationToken);

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string path, object? body) =>
        client.PutAsync(new Uri(path, UriKind.Relative), JsonContent.Create(body), TestContext.Current.CancellationToken);

    /// <summary>Posts <paramref name="json"/> as it is (malformed or mistyped bodies).</summary>
    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string path, string json, string contentType = "application/json") =>
        client.PostAsync(new Uri(path, UriKind.Relative), new StringContent(json, Encoding.UTF8, contentType), TestContext.Current.CancellationToken);

    public static Task<HttpResponseMessage> PutRawAsync(this HttpClient client, string path, string json) =>
        client.PutAsync(new Uri(path, UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

    public static Task<HttpResponseMessage> GetResponseAsync(this HttpClient client, string path) =>
        client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        if (string.IsNullOrEmpty(text))
        {
            return default;
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.GetResponseAsync(path);
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == expected, $"GET {path} answered {(int)response.StatusCode}, expected {(int)expected}: {body}");
        return body;
    }

    /// <summary>Asserts an RFC 7807 problem with <paramref name="status"/>; returns its body.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        return body;
    }

    /// <summary>Asserts a 400 validation problem that names <paramref name="field"/> among its errors.</summary>
    public static async Task<JsonElement> AssertValidationProblemAsync(this HttpResponseMessage response, string field)
    {
        var body = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(body.TryGetProperty("errors", out var errors), $"no errors in {body}");
        Assert.True(errors.TryGetProperty(field, out _), $"errors do not name '{field}': {errors}");
        return body;
    }
}
