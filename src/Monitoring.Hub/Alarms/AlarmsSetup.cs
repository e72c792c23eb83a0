using Microsoft.Extensions.DependencyInjection.Extensions;
using Monitoring.Hub.Alarms.Adapters;
using Monitoring.Hub.Alarms.Engine;
using Monitoring.Hub.Alarms.Events;
using Monitoring.Hub.Alarms.Storage;
using Monitoring.Hub.Health;
using Monitoring.Hub.Ingestion;

namespace Monitoring.Hub.Alarms;

public static class AlarmsSetup
{
    /// <summary>
    /// The alarm engine (<see cref="AlarmWorker"/>), its event stream, its ticker, the store,
    /// metrics, a readiness check, and the adapters that feed its port: ingestion's observer
    /// (<see cref="AlarmReadingObserver"/>, which replaces ingestion's placeholder) and the registry's
    /// episode hook. Which implementation answers <see cref="IAlarmEngine"/> (this hub's worker, or the
    /// cluster's) is picked by <c>AddCluster()</c>. Needs <c>AddDatabase()</c>,
    /// <c>AddDatabaseMigrations()</c>, <c>AddThresholds()</c>, <c>AddRealtime()</c> and <c>AddCluster()</c>;
    /// may come before or after <c>AddIngestion()</c>.
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
        services.AddSingleton<AlarmEventStream>();
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
