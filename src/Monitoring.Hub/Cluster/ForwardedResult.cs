namespace Monitoring.Hub.Cluster;

/// <summary>The leader's answer to a forwarded request, relayed as it is (status, content type, body).</summary>
public sealed class ForwardedResult(int statusCode, string? contentType, byte[] body) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = statusCode;
        if (contentType is not null)
        {
            httpContext.Response.ContentType = contentType;
        }

        await httpContext.Response.Body.WriteAsync(body, httpContext.RequestAborted);
    }

    public static async Task<ForwardedResult> FromAsync(HttpResponseMessage response, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        return new ForwardedResult((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), body);
    }
}
