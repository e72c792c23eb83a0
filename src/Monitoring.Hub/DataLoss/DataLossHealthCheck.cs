using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Monitoring.Hub.DataLoss;

/// <summary>
/// <c>data-loss</c> in <c>/health/ready</c>: Degraded, naming the counts, while lost readings are not
/// yet in the operator alarm or while that alarm is open (it latches until an administrator
/// resolves it), and while the hub lags the broker by more than <see cref="DataLossOptions.LagWarnAfter"/>.
/// Degraded, not Unhealthy: the hub still works and must keep taking what it can.
/// </summary>
internal sealed class DataLossHealthCheck(DataLossMonitor monitor, DataLossWatch watch, IOptions<DataLossOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!watch.Running)
        {
            return Task.FromResult(HealthCheckResult.Healthy("not watching (ingestion or DataLoss:Enabled off)"));
        }

        var problems = new List<string>();
        var pending = monitor.Pending;
        if (pending > 0)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"{pending} messages or readings lost and not yet in the operator alarm ({monitor.BrokerDropped} dropped by the broker, {monitor.InfluxRefused} refused by InfluxDB since start)"));
        }

        if (monitor.OpenAlarm is { } alarm)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"ingest_data_lost alarm {alarm.Id} open since {alarm.RaisedAt:yyyy-MM-ddTHH:mm:ssZ}: {alarm.Value:0} lost ({alarm.Detail}); an administrator resolves it with a note"));
        }

        var lag = monitor.Lag;
        if (lag > options.Value.LagWarnAfter)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"lag {lag.TotalSeconds:0} s behind the broker (warning past {options.Value.LagWarnAfter.TotalSeconds:0} s; broker queue {monitor.BrokerQueued} messages)"));
        }

        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture, $"nothing lost; lag {lag.TotalSeconds:0.0} s; broker queue {monitor.BrokerQueued} messages"))
            : HealthCheckResult.Degraded(string.Join("; ", problems)));
    }
}
