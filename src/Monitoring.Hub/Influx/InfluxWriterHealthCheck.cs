using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Monitoring.Hub.Influx;

/// <summary>
/// Unhealthy when the writer has stopped, or when a batch has been failing for longer than
/// <see cref="InfluxOptions.StuckAfter"/> (readings pile up and MQTT acknowledgements wait).
/// </summary>
public sealed class InfluxWriterHealthCheck(InfluxWriter writer, IOptions<InfluxOptions> options, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = writer.Status;
        var data = new Dictionary<string, object>
        {
            ["bufferedLines"] = status.BufferedLines,
            ["schemaReady"] = status.SchemaReady,
        };
        if (!status.Running)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("InfluxDB writer is not running", data: data));
        }

        if (status.FailingSince is { } since)
        {
            var failingFor = time.GetUtcNow() - since;
            var description = $"InfluxDB writes have failed for {failingFor.TotalSeconds:F0} s ({status.BufferedLines} lines waiting): {status.LastError}";
            return Task.FromResult(failingFor >= options.Value.StuckAfter
                ? HealthCheckResult.Unhealthy(description, data: data)
                : HealthCheckResult.Degraded(description, data: data));
        }

        return Task.FromResult(HealthCheckResult.Healthy($"InfluxDB writer running, {status.BufferedLines} lines waiting", data));
    }
}
