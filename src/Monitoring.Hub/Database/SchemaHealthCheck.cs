using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Monitoring.Hub.Database;

/// <summary>Ready only once the schema is current and the bootstrap data exist.</summary>
public sealed class SchemaHealthCheck(SchemaState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.IsReady
            ? HealthCheckResult.Healthy("Database schema is current")
            : HealthCheckResult.Unhealthy("Database migrations have not run yet (PostgreSQL did not answer); retrying"));
}
