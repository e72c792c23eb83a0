using Microsoft.Extensions.Diagnostics.HealthChecks;
using Monitoring.Hub.Alarms.Engine;
using Monitoring.Hub.Alarms.Grains;

namespace Monitoring.Hub.Alarms.Adapters;

/// <summary>
/// Degraded while this silo's alarm engine loads its state or retries a failed write for a short
/// while (the answer stays 200), unhealthy when it has stopped or has not been able to store for
/// <see cref="FailingLimit"/>: alarms would then not reach the wall.
/// </summary>
internal sealed class AlarmEngineHealthCheck(AlarmEngineStartup startup, BatchRetries retries, OrleansAlarmEngine engine, TimeProvider time) : IHealthCheck
{
    internal static readonly TimeSpan FailingLimit = TimeSpan.FromSeconds(30);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (startup.Stopped)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The alarm engine has stopped"));
        }

        var failingSince = Earliest(startup.FailingSinceTicks, retries.FailingSinceTicks);
        if (failingSince != 0)
        {
            var failingFor = time.GetUtcNow() - new DateTimeOffset(failingSince, TimeSpan.Zero);
            return Task.FromResult(failingFor > FailingLimit
                ? HealthCheckResult.Unhealthy($"The alarm engine cannot store alarms for {failingFor.TotalSeconds:0} s; {engine.InFlight} reading calls wait")
                : HealthCheckResult.Degraded($"The alarm engine is retrying a write; {engine.InFlight} reading calls wait"));
        }

        return Task.FromResult(startup.Ready.IsCompletedSuccessfully
            ? HealthCheckResult.Healthy($"Alarm engine running; {engine.InFlight} reading calls wait")
            : HealthCheckResult.Degraded("The alarm engine is loading its state"));
    }

    private static long Earliest(long a, long b) => a == 0 ? b : b == 0 ? a : Math.Min(a, b);
}
