using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Monitoring.Hub.Alarms.Adapters;
using Monitoring.Hub.Alarms.Engine;
using Monitoring.Hub.Alarms.Events;
using Monitoring.Hub.Alarms.Grains;
using Monitoring.Hub.Alarms.Storage;
using Monitoring.Hub.Health;
using Monitoring.Hub.Ingestion;
using Orleans.Configuration;

namespace Monitoring.Hub.Alarms;

public static class AlarmsSetup
{
    /// <summary>
    /// The alarm engine: <see cref="OrleansAlarmEngine"/> (which calls one grain per patient; <c>AddCluster</c>
    /// chooses what answers the port <see cref="IAlarmEngine"/>), the services this silo's grains share, its event stream,
    /// its ticker, the store, metrics, a readiness check, and the adapters that feed the port:
    /// ingestion's observer (<see cref="AlarmReadingObserver"/>, the one <see cref="IReadingObserver"/>)
    /// and the registry's episode hook. The grains run in the silo that <see cref="AddAlarmSilo"/> adds
    /// to the host. Needs <c>AddDatabase()</c>, <c>AddDatabaseMigrations()</c>, <c>AddThresholds()</c>
    /// and <c>AddRealtime()</c>; may come before or after <c>AddIngestion()</c>.
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
        services.AddAlarmGrainServices();

        services.AddSingleton<OrleansAlarmEngine>();
        services.AddSingleton<Registry.IEpisodeLifecycle, AlarmEpisodeHook>();
        services.AddSingleton<AlarmTicker>();
        services.AddHostedService(sp => sp.GetRequiredService<AlarmTicker>());

        services.AddSingleton<AlarmReadingObserver>();
        services.AddSingleton<IReadingObserver>(sp => sp.GetRequiredService<AlarmReadingObserver>());

        services.AddHealthChecks().AddCheck<AlarmEngineHealthCheck>("alarms", tags: [HealthSetup.ReadyTag], timeout: TimeSpan.FromSeconds(1));
        return services;
    }

    /// <summary>
    /// This hub process as an Orleans silo, co-hosted in the ASP.NET Core host: one hub runs alone
    /// on localhost clustering (nothing to install); <c>Orleans:SiloPort</c> (default 11111) is
    /// where silos talk to each other. Call after <see cref="AddAlarms"/>, so the engine's start-up
    /// service stops after the silo (it writes the rule states the deactivated grains left behind).
    /// </summary>
    public static IHostApplicationBuilder AddAlarmSilo(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<OrleansOptions>().BindConfiguration(OrleansOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering();
            // The directory cache's default (1,000,000 grains) is allocated up front: ~18 MB of an idle
            // hub's heap. 100,000 patients' locations is more than a cluster of these hubs serves.
            silo.Configure<GrainDirectoryOptions>(directory => directory.CacheSize = 100_000);
            // The ports from the host's final configuration (tests give every hub its own).
            silo.Services.AddOptions<EndpointOptions>().PostConfigure<IOptions<OrleansOptions>>((endpoint, orleans) =>
            {
                endpoint.SiloPort = orleans.Value.SiloPort;
                endpoint.GatewayPort = orleans.Value.GatewayPort;
            });
            silo.Services.AddOptions<DevelopmentClusterMembershipOptions>().PostConfigure<IOptions<OrleansOptions>>((membership, orleans) =>
                membership.PrimarySiloEndpoint = new IPEndPoint(IPAddress.Loopback, orleans.Value.SiloPort));
        });
        return builder;
    }

    /// <summary>
    /// What a silo's patient grains share (registered once per silo): the context cache, the
    /// rule-state write-behind, the rounds that read and write for them, retries, commit-then-push, the list of grains to tick and the start-up.
    /// </summary>
    internal static IServiceCollection AddAlarmGrainServices(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new PatientContextCache(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<AlarmsOptions>>().Value));
        services.TryAddSingleton(sp => new RuleStateWriteBehind(
            sp.GetRequiredService<AlarmStore>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<AlarmsOptions>>().Value,
            sp.GetRequiredService<ILogger<RuleStateWriteBehind>>()));
        services.TryAddSingleton(sp => new PatientLoads(sp.GetRequiredService<AlarmStore>(), sp.GetRequiredService<Thresholds.ThresholdStore>()));
        services.TryAddSingleton(sp => new AlarmWrites(sp.GetRequiredService<AlarmStore>()));
        services.TryAddSingleton(sp => new BatchRetries(
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<AlarmMetrics>(), sp.GetRequiredService<ILogger<BatchRetries>>()));
        services.TryAddSingleton(sp => new CommitThenPush(
            sp.GetRequiredService<AlarmEventStream>(), sp.GetRequiredService<AlarmMetrics>(), sp.GetRequiredService<ILogger<CommitThenPush>>()));
        services.TryAddSingleton<ActivePatients>();
        services.TryAddSingleton<AlarmEngineStartup>();
        services.AddHostedService(sp => sp.GetRequiredService<AlarmEngineStartup>());
        return services;
    }
}
