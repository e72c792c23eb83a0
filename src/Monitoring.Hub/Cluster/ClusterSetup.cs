using Microsoft.Extensions.Options;
using Monitoring.Hub.Alarms;
using Monitoring.Hub.Alarms.Grains;
using Monitoring.Hub.Broker;
using Monitoring.Hub.Realtime;
using Monitoring.Hub.Redis;

namespace Monitoring.Hub.Cluster;

public static class ClusterSetup
{
    /// <summary>
    /// The one place that picks, from <c>Cluster:Enabled</c>, between one hub and several
    /// (docs/scale-out.md) for the three seams that differ: who runs the alarm engine
    /// (<see cref="ILeadershipGate"/>), the engine's port (<see cref="IAlarmEngine"/>: this hub's
    /// <see cref="OrleansAlarmEngine"/>, or <see cref="ClusterAlarmEngine"/>) and whose publisher welcomes
    /// dashboard connections (<see cref="IRealtimeView"/>). No other setup registers these, so nothing
    /// is replaced and the order of the <c>Add…()</c> calls does not matter. Enabled also adds leader
    /// election on PostgreSQL, the hub-to-hub link and the alarm feed; it needs <c>Redis:Configuration</c>
    /// (the SignalR backplane carries every event to every hub's dashboards).
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
            .Validate<IOptions<RedisOptions>>((o, redis) => !o.Enabled || redis.Value.Enabled,
                "Redis:Configuration must be set when the cluster is enabled: the hubs' dashboards hear each other through its SignalR backplane.")
            .ValidateOnStart();

        if (!configuration.GetValue<bool>($"{ClusterOptions.SectionName}:{nameof(ClusterOptions.Enabled)}"))
        {
            services.AddSingleton<ILeadershipGate, SingleHubLeadership>();
            services.AddSingleton<IAlarmEngine>(sp => sp.GetRequiredService<OrleansAlarmEngine>());
            services.AddSingleton<IRealtimeView>(sp => sp.GetRequiredService<RealtimePublisher>());
            return services;
        }

        services.AddSingleton<ClusterLeadership>();
        services.AddSingleton<ILeadershipGate>(sp => sp.GetRequiredService<ClusterLeadership>());
        services.AddHostedService(sp => sp.GetRequiredService<ClusterLeadership>());

        services.AddSingleton<ClusterAlarmEngine>();
        services.AddSingleton<IAlarmEngine>(sp => sp.GetRequiredService<ClusterAlarmEngine>());

        services.AddSingleton<IRealtimeView, ClusterRealtimeView>();
        services.AddSingleton<ClusterLink>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterLink>());
        services.AddHostedService<AlarmFeedConsumer>();

        services.AddHttpClient(LeaderForwarder.ClientName);
        services.AddSingleton<LeaderForwarder>();
        return services;
    }
}
