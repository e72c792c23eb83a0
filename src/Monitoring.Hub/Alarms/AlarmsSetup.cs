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
using Monitoring.Hub.Redis;
using Orleans.Configuration;

namespace Monitoring.Hub.Alarms;

public static class AlarmsSetup
{
    /// <summary>
    /// The alarm engine: <see cref="OrleansAlarmEngine"/> answering the port <see cref="IAlarmEngine"/> on
    /// every hub alike (it calls the patient's grain wherever in the cluster it lives), the services this silo's grains share, its event stream,
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

        services.AddSingleton<PatientGrains>();
        services.AddSingleton<OrleansAlarmEngine>();
        services.AddSingleton<IAlarmEngine>(sp => sp.GetRequiredService<OrleansAlarmEngine>());
        services.AddSingleton<Registry.IEpisodeLifecycle, AlarmEpisodeHook>();
        services.AddSingleton<AlarmTicker>();
        services.AddHostedService(sp => sp.GetRequiredService<AlarmTicker>());

        services.AddSingleton<AlarmReadingObserver>();
        services.AddSingleton<IReadingObserver>(sp => sp.GetRequiredService<AlarmReadingObserver>());

        services.AddHealthChecks().AddCheck<AlarmEngineHealthCheck>("alarms", tags: [HealthSetup.ReadyTag], timeout: TimeSpan.FromSeconds(1));
        return services;
    }

    /// <summary>
    /// This hub process as an Orleans silo, co-hosted in the ASP.NET Core host. <c>Orleans:Membership</c>
    /// decides where the silos find each other: <c>Localhost</c> (the default) runs one hub alone,
    /// nothing to install; <c>Redis</c> keeps the membership table of N equal hubs in the Redis of
    /// <c>Redis:Configuration</c> (the one the SignalR backplane needs anyway), each hub reachable
    /// by the others at <c>Orleans:AdvertisedAddress</c>:<c>Orleans:SiloPort</c>. Membership and grain
    /// calls are tuned for failover in seconds (<see cref="OrleansOptions.ProbeTimeout"/>; docs/scale-out.md).
    /// Call after <see cref="AddAlarms"/>, so the engine's start-up service stops after the silo (it
    /// writes the rule states the deactivated grains left behind).
    /// </summary>
    public static IHostApplicationBuilder AddAlarmSilo(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<OrleansOptions>()
            .BindConfiguration(OrleansOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.AdvertisedAddress.Length == 0 || IPAddress.TryParse(o.AdvertisedAddress, out _),
                "Orleans:AdvertisedAddress must be an IP address (how the other hubs reach this one's silo port), or empty.")
            .Validate(o => o.MaxProbeTimeout >= o.ProbeTimeout, "Orleans:MaxProbeTimeout must not be shorter than Orleans:ProbeTimeout.")
            .Validate<IOptions<RedisOptions>>((o, redis) => o.Membership != OrleansMembership.Redis || redis.Value.Enabled,
                "Orleans:Membership=Redis needs Redis:Configuration: the hubs' membership table lives in that Redis.")
            .ValidateOnStart();

        // Read once here because it decides which membership provider is registered.
        var clustering = builder.Configuration.GetValue($"{OrleansOptions.SectionName}:{nameof(OrleansOptions.Membership)}", OrleansMembership.Localhost);
        var redisConfiguration = builder.Configuration[$"{RedisOptions.SectionName}:{nameof(RedisOptions.Configuration)}"] ?? "";
        builder.UseOrleans(silo =>
        {
            // The directory cache's default (1,000,000 grains) is allocated up front: ~18 MB of an idle
            // hub's heap. 100,000 patients' locations is more than a cluster of these hubs serves.
            silo.Configure<GrainDirectoryOptions>(directory => directory.CacheSize = 100_000);
            if (clustering == OrleansMembership.Redis && RedisConnection.TryParse(redisConfiguration, out var redis))
            {
                silo.UseRedisClustering(o => o.ConfigurationOptions = redis!);
            }
            else
            {
                silo.UseLocalhostClustering();
                silo.Services.AddOptions<DevelopmentClusterMembershipOptions>().PostConfigure<IOptions<OrleansOptions>>((membership, orleans) =>
                    membership.PrimarySiloEndpoint = new IPEndPoint(IPAddress.Loopback, orleans.Value.SiloPort));
            }

            // From the host's final configuration (tests give every hub its own ports and ids).
            silo.Services.AddOptions<ClusterOptions>().PostConfigure<IOptions<OrleansOptions>>((cluster, orleans) =>
            {
                cluster.ClusterId = orleans.Value.ClusterId;
                cluster.ServiceId = orleans.Value.ServiceId;
            });
            silo.Services.AddOptions<EndpointOptions>().PostConfigure<IOptions<OrleansOptions>>((endpoint, orleans) =>
            {
                endpoint.SiloPort = orleans.Value.SiloPort;
                endpoint.GatewayPort = orleans.Value.GatewayPort;
                if (IPAddress.TryParse(orleans.Value.AdvertisedAddress, out var advertised))
                {
                    endpoint.AdvertisedIPAddress = advertised;
                }
            });
            silo.Services.AddOptions<ClusterMembershipOptions>().PostConfigure<IOptions<OrleansOptions>>((membership, orleans) =>
            {
                membership.ProbeTimeout = orleans.Value.ProbeTimeout;
                membership.NumMissedProbesLimit = orleans.Value.MissedProbesLimit;
                membership.MaxProbeTimeout = orleans.Value.MaxProbeTimeout;
                membership.NumVotesForDeathDeclaration = orleans.Value.VotesForDeath;
                membership.TableRefreshTimeout = orleans.Value.TableRefresh;
            });
            silo.Services.AddOptions<SiloMessagingOptions>().PostConfigure<IOptions<OrleansOptions>>((messaging, orleans) =>
                messaging.ResponseTimeout = orleans.Value.ResponseTimeout);
        });
        return builder;
    }

    /// <summary>
    /// What a silo's patient grains share (registered once per silo): the context cache, the
    /// rule-state write-behind, the rounds that read and write for them, retries, commit-then-push, the reading rules' runner, the list of grains to tick, the start-up, and the one object that bundles them for a grain.
    /// </summary>
    internal static IServiceCollection AddAlarmGrainServices(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new PatientContextCache(
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<AlarmsOptions>>().Value, sp.GetRequiredService<ILogger<PatientContextCache>>()));
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
        services.TryAddSingleton<ReadingEvaluation>();
        services.TryAddSingleton<PatientGrainServices>();
        services.TryAddSingleton<AlarmEngineStartup>();
        services.AddHostedService(sp => sp.GetRequiredService<AlarmEngineStartup>());
        return services;
    }
}
