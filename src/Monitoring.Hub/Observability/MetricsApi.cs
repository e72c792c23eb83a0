using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Monitoring.Hub.Observability;

/// <summary><c>GET /metrics</c>: the hub's instruments in the Prometheus text format, for operators (<see cref="MetricsAccessRequirement"/>).</summary>
public static class MetricsApi
{
    public const string Path = "/metrics";

    public const string Policy = "metrics-scraper";

    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, GetMetrics).RequireAuthorization(Policy).ExcludeFromDescription();
        return app;
    }

    public static Results<ContentHttpResult, NotFound> GetMetrics(MetricsCollector collector, IOptions<MetricsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(collector);
        ArgumentNullException.ThrowIfNull(options);
        return options.Value.Enabled
            ? TypedResults.Text(PrometheusText.Write(collector.Collect()), PrometheusText.ContentType)
            : TypedResults.NotFound();
    }
}
