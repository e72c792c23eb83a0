using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Monitoring.Hub.Broker;
using Monitoring.Hub.FollowUps;
using Monitoring.Hub.Ingestion;
using Monitoring.Hub.Realtime;

namespace Monitoring.Hub.Cluster;

public static class ClusterSetup
{
    /// <summary>
    /// Several hubs (docs/scale-out.md). With <c>Cluster:Enabled</c> false (the default) only the
    /// options are bound and the hub works alone. Enabled: leader election on PostgreSQL, the reading
    /// router and alarm feed, the realtime relay, and forwarding of alarm commands and reminders to
    /// the leader. Comes after <c>AddAlarms()</c>, <c>AddFollowUps()</c> and <c>AddRealtime()</c>,
    /// whose single-hub services it replaces.
    /// </summary>
    public static IServiceCollection AddCluster(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ClusterOptions>()
            .BindConfiguration(ClusterOptions.SectionName)
            .PostConfigure<IOptions<MqttOptions>>((o, mqtt) => o.HubId = string.IsNullOrEmpty(o.HubId) ? mqtt.Value.ClientId : o.HubId)
            .ValidateDataAnnotations()
            .Validate(o => !o.Enabled || Uri.TryCreate(o.AdvertisedUrl, UriKind.Absolute, out _),
                "Cluster:AdvertisedUrl must be an absolute URL (how the other hubs reach this one) when the cluster is enabled.")
            .Validate(o => !o.Enabled || o.Secret is { Length: >= 16 },
                "Cluster:Secret must have 16 characters or more when the cluster is enabled.")
            .ValidateOnStart();

        if (!configuration.GetValue<bool>($"{ClusterOptions.SectionName}:{nameof(ClusterOptions.Enabled)}"))
        {
            return services;
        }

        services.AddSingleton<ClusterLeadership>();
        services.RemoveAll<ILeadershipGate>();
        services.AddSingleton<ILeadershipGate>(sp => sp.GetRequiredService<ClusterLeadership>());
        services.AddHostedService(sp => sp.GetRequiredService<ClusterLeadership>());

        services.AddSingleton<RealtimeOutbox>();
        services.RemoveAll<IRealtimeRelay>();
        services.AddSingleton<IRealtimeRelay>(sp => sp.GetRequiredService<RealtimeOutbox>());
        services.AddSingleton<ClusterLink>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterLink>());
        services.AddHostedService<AlarmFeedConsumer>();

        services.AddSingleton<ClusterReadingRouter>();
        services.RemoveAll<IReadingObserver>();
        services.AddSingleton<IReadingObserver>(sp => sp.GetRequiredService<ClusterReadingRouter>());

        services.AddHttpClient(LeaderForwarder.ClientName);
        services.AddSingleton<LeaderForwarder>();
        services.TryAddSingleton<AlarmEngineReminderAlarms>();
        services.RemoveAll<IReminderAlarms>();
        services.AddSingleton<IReminderAlarms, ClusterReminderAlarms>();
        return services;
    }
}
