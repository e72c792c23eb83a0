using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Monitoring.Hub.Alarms.Engine;
using Monitoring.Hub.Database;
using Monitoring.Hub.Ingestion;
using Monitoring.Hub.Observability;
using Monitoring.Mqtt;
using Npgsql;

namespace Monitoring.Deployment.Tests;

/// <summary>
/// The field names the hub writes to its metrics measurement, taken from its real instruments through
/// its own collector and naming (not a copied list): what a Grafana query of <c>hub_metrics</c> may name.
/// </summary>
public static class HubMetricNames
{
    private static readonly Lazy<IReadOnlySet<string>> Names = new(Collect);

    public static IReadOnlySet<string> All => Names.Value;

    private static HashSet<string> Collect()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        using var collector = new MetricsCollector(factory, Options.Create(new MetricsOptions()));
        _ = new IngestionMetrics(factory);
        _ = new AlarmMetrics(factory);
        using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Database=unused");
        using var census = new ClinicalCensus(factory, dataSource, new SchemaState(), Options.Create(new MetricsOptions()), TimeProvider.System, NullLogger<ClinicalCensus>.Instance);
        RuntimeHelpers.RunClassConstructor(typeof(MqttMetrics).TypeHandle);

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var family in collector.Collect())
        {
            var name = PrometheusNames.Family(family);
            if (family.Type == MetricType.Histogram)
            {
                names.UnionWith(new[] { "_count", "_sum", "_p50", "_p95", "_p99" }.Select(suffix => name + suffix));
            }
            else
            {
                names.Add(name);
            }
        }

        return names;
    }
}
