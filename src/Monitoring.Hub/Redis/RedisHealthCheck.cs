using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Monitoring.Hub.Redis;

/// <summary>
/// With <c>Redis:Configuration</c> set, Redis is a dependency like the others: without it, this hub's
/// dashboards miss what the other hubs publish, so readiness fails with the reason.
/// </summary>
internal sealed class RedisHealthCheck(RedisBackplane backplane) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (backplane.Connection is not { } connection)
        {
            return HealthCheckResult.Unhealthy($"Redis {backplane.Endpoints}: the SignalR backplane has not connected yet");
        }

        if (!connection.IsConnected)
        {
            return HealthCheckResult.Unhealthy($"Redis {backplane.Endpoints} is not connected (retrying): {backplane.LastFailure ?? "no answer yet"}");
        }

        try
        {
            var rtt = await connection.GetDatabase().PingAsync().WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy($"Redis {backplane.Endpoints} answers (ping {rtt.TotalMilliseconds:0.#} ms); SignalR backplane on");
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"Redis {backplane.Endpoints} does not answer: {ex.Message}");
        }
    }
}
