using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Monitoring.Hub.Api;

/// <summary>
/// Caps request bodies under <c>/api</c> (<see cref="ApiOptions.MaxRequestBodyBytes"/>): a declared
/// length over the cap is refused before reading with 413; an undeclared (chunked) body is cut by
/// the server's own limit, which reading then reports as 413 too.
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<ApiOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            var limit = options.Value.MaxRequestBodyBytes;
            if (context.Request.ContentLength > limit)
            {
                await TypedResults.Problem(
                    statusCode: StatusCodes.Status413PayloadTooLarge,
                    title: "Payload too large",
                    detail: $"The request body may be at most {limit} bytes.").ExecuteAsync(context);
                return;
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = limit;
            }
        }

        await next(context);
    }
}
