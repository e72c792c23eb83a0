using Microsoft.Extensions.DependencyInjection.Extensions;
using Monitoring.Hub.Cluster;
using Monitoring.Hub.Health;
using Monitoring.Hub.Ingestion;

namespace Monitoring.Hub.Alarms;

public static class AlarmsSetup
{
    /// <summary>
    /// The alarm engine: the worker that owns alarms (fed by ingestion through
    /// <see cref="AlarmReadingObserver"/>, which replaces ingestion's placeholder observer), its
    /// ticker, the store, metrics and a readiness check. Needs <c>AddDatabase()</c>,
    /// <c>AddDatabaseMigrations()</c>, <c>AddThresholds()</c> and <c>AddRealtime()</c>; may come
    /// before or after <c>AddIngestion()</c>.
    /// </summary>
    public static IServiceCollection AddAlarms(this IServiceCollection services)
    {
        services.AddOptions<AlarmsOptions>()
            .BindConfiguration(AlarmsOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<AlarmMetrics>();
        services.AddSingleton<AlarmStore>();
        services.TryAddSingleton<ILeadershipGate, SingleHubLeadership>();
        services.AddSingleton<AlarmWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<AlarmWorker>());
        services.AddSingleton<Registry.IEpisodeLifecycle, AlarmEpisodeHook>();
        services.AddSingleton<AlarmTicker>();
        services.AddHostedService(sp => sp.GetRequiredService<AlarmTicker>());

        services.AddSingleton<AlarmReadingObserver>();
        services.RemoveAll<IReadingObserver>();
        services.AddSingleton<IReadingObserver>(sp => sp.GetRequiredService<AlarmReadingObserver>());

        services.AddHealthChecks().AddCheck<AlarmWorkerHealthCheck>("alarms", tags: [HealthSetup.ReadyTag], timeout: TimeSpan.FromSeconds(1));
        return services;
    }
}
