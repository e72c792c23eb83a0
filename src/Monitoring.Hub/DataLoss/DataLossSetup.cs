using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Monitoring.Hub.Alarms.Operator;
using Monitoring.Hub.Broker;
using Monitoring.Hub.Health;
using Monitoring.Hub.Ingestion;

namespace Monitoring.Hub.DataLoss;

public static class DataLossSetup
{
    /// <summary>
    /// The watch on lost readings and lag: $SYS drop counters, InfluxDB refusals, the lag probe, the
    /// operator alarm <c>ingest_data_lost</c> and the <c>data-loss</c> health check. Needs
    /// <c>AddIngestion()</c> and <c>AddOperatorAlarms()</c>.
    /// </summary>
    public static IServiceCollection AddDataLoss(this IServiceCollection services)
    {
        services.AddOptions<DataLossOptions>()
            .BindConfiguration(DataLossOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IngestLag>();
        services.AddSingleton<DataLossMonitor>();
        services.AddSingleton<BrokerDropLedger>();
        services.AddSingleton(sp => new DataLossWatch(
            sp.GetRequiredService<IOptions<DataLossOptions>>(),
            sp.GetRequiredService<IOptions<MqttOptions>>(),
            sp.GetRequiredService<IOptions<IngestionOptions>>(),
            sp.GetRequiredService<DataLossMonitor>(),
            sp.GetRequiredService<IngestLag>(),
            sp.GetRequiredService<IngestionMetrics>(),
            sp.GetRequiredService<BrokerDropLedger>(),
            sp.GetRequiredService<BrokerMetrics>(),
            sp.GetRequiredService<OperatorAlarms>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DataLossWatch>>()));
        services.AddHostedService(sp => sp.GetRequiredService<DataLossWatch>());
        services.AddHealthChecks().AddCheck<DataLossHealthCheck>("data-loss", tags: [HealthSetup.ReadyTag]);
        return services;
    }
}
