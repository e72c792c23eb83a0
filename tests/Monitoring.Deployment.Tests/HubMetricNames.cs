using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Monitoring.Hub.Alarms.Engine;
using Monitoring.Hub.Broker;
using Monitoring.Hub.Database;
using Monitoring.Hub.Ingestion;
using Monitoring.Hub.Observability;
using Npgsql;

namespace Monitoring.Deployment.Tests;

/// <summary>
/// The field names the hub writes to its metrics measurement, taken from its real instruments and its
/// own naming (not a copied list): what a Grafana query of <c>hub_metrics</c> may name. The instruments
/// are seen as they are published, from every meter the hub's options take (the hub's and the runtime's);
/// ASP.NET Core's request metrics need a running server and no dashboard reads them.
/// </summary>
public static class HubMetricNames
{
    private static readonly Lazy<IReadOnlySet<string>> Names = new(Collect);

    public static IReadOnlySet<string> All => Names.Value;

    private static HashSet<string> Collect()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var wanted = ObservabilitySetup.MeterNames(new MetricsOptions().Meters);
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (!wanted.Any(w => w.EndsWith('*') ? instrument.Meter.Name.StartsWith(w[..^1], StringComparison.Ordinal) : instrument.Meter.Name == w))
                {
                    return;
                }

                var type = instrument.GetType().IsGenericType ? instrument.GetType().GetGenericTypeDefinition() : null;
                var counter = type == typeof(Counter<>) || type == typeof(ObservableCounter<>);
                var name = PrometheusNames.Family(instrument.Name, instrument.Unit, counter);
                if (type == typeof(Histogram<>))
                {
                    names.UnionWith(InfluxMetricLines.HistogramSuffixes.Select(suffix => name + suffix));
                }
                else
                {
                    names.Add(name);
                }
            },
        };
        listener.Start();

        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        _ = new IngestionMetrics(factory);
        _ = new AlarmMetrics(factory);
        using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Database=unused");
        using var census = new ClinicalCensus(factory, dataSource, new SchemaState(), Options.Create(new MetricsOptions()), TimeProvider.System, NullLogger<ClinicalCensus>.Instance);
        _ = new BrokerMetrics(factory);
        return names;
    }
}
