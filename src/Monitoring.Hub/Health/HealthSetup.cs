using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Monitoring.Hub.Broker;
using Monitoring.Hub.Influx;
using Monitoring.Hub.Storage;

namespace Monitoring.Hub.Health;

public static class HealthSetup
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddHubHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<PostgresHealthCheck>("postgres", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(5))
            .AddCheck<InfluxHealthCheck>("influxdb", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(5))
            .AddCheck<BrokerHealthCheck>("broker", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(5));
        return services;
    }

    /// <summary>
    /// <c>/health/live</c>: the process serves requests. <c>/health/ready</c>: every dependency
    /// answers; 503 with each check's status and reason, so an operator sees which one is missing.
    /// </summary>
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteJson });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteJson });
        return app;
    }

    private static Task WriteJson(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description, durationMs = e.Value.Duration.TotalMilliseconds }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonOptions));
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
