using System.Net;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Monitoring.Hub.Influx;

/// <summary>InfluxDB 1.x answers <c>GET /ping</c> with 204 when it can serve requests.</summary>
public sealed class InfluxHealthCheck(IHttpClientFactory httpClientFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var client = httpClientFactory.CreateClient(InfluxSetup.HttpClientName);
            using var response = await client.GetAsync(new Uri("ping", UriKind.Relative), cancellationToken);
            return response.StatusCode == HttpStatusCode.NoContent
                ? HealthCheckResult.Healthy("InfluxDB answers")
                : HealthCheckResult.Unhealthy($"InfluxDB /ping answered {(int)response.StatusCode}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return HealthCheckResult.Unhealthy($"InfluxDB does not answer: {ex.Message}");
        }
    }
}
