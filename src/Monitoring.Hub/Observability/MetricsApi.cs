using Microsoft.Extensions.Options;

namespace Monitoring.Hub.Observability;

/// <summary>
/// <c>GET /metrics</c>: OpenTelemetry's Prometheus exporter (text format 0.0.4, or OpenMetrics when
/// the scraper asks for it), for operators (<see cref="MetricsAccessRequirement"/>).
/// </summary>
public static class MetricsApi
{
    public const string Path = "/metrics";

    public const string Policy = "metrics-scraper";

    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.ServiceProvider.GetRequiredService<IOptions<MetricsOptions>>().Value.Enabled)
        {
            app.MapPrometheusScrapingEndpoint(Path).RequireAuthorization(Policy);
        }
        else
        {
            // Answered here, so the dashboard's fallback does not answer it with a page.
            app.MapGet(Path, () => TypedResults.NotFound()).ExcludeFromDescription();
        }

        return app;
    }
}
