using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Monitoring.Hub.Observability;

public static class ObservabilitySetup
{
    /// <summary>
    /// The metrics collector over the hub's meters, <c>/metrics</c> access, the periodic copy to
    /// InfluxDB and the clinical census. Needs <c>AddDatabase()</c>, <c>AddDatabaseMigrations()</c>,
    /// <c>AddInflux()</c>, <c>AddBroker()</c> and <c>AddAuth()</c>.
    /// </summary>
    public static IServiceCollection AddObservability(this IServiceCollection services)
    {
        services.AddOptions<MetricsOptions>()
            .BindConfiguration(MetricsOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => NetworkAllowList.TryParse(o.AllowedNetworks, out _, out _),
                "Metrics:AllowedNetworks must be comma-separated CIDR networks, e.g. 127.0.0.1/32,10.0.0.0/8.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<MetricsCollector>();
        services.AddSingleton(sp =>
        {
            NetworkAllowList.TryParse(sp.GetRequiredService<IOptions<MetricsOptions>>().Value.AllowedNetworks, out var list, out _);
            return list;
        });
        services.AddSingleton<IAuthorizationHandler, MetricsAccessHandler>();
        services.AddAuthorizationBuilder().AddPolicy(MetricsApi.Policy, p => p.AddRequirements(new MetricsAccessRequirement()));

        // Hosted, so the collector (one of their dependencies) listens before any other service starts counting.
        services.AddSingleton<InfluxMetricsReporter>();
        services.AddHostedService(sp => sp.GetRequiredService<InfluxMetricsReporter>());
        services.AddSingleton<ClinicalCensus>();
        services.AddHostedService(sp => sp.GetRequiredService<ClinicalCensus>());
        return services;
    }
}
