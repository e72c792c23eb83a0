using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Monitoring.Hub.Health;

namespace Monitoring.Hub.Redis;

public static class RedisSetup
{
    /// <summary>
    /// <c>Redis:*</c> and, when <c>Redis:Configuration</c> is set, the SignalR Redis backplane: every
    /// hub's <c>/hubs/alarms</c> connections and groups become one set, so an event sent to a clinic's
    /// group on one hub reaches that clinic's walls on all of them (docs/scale-out.md); the realtime
    /// peers, which keep every hub's snapshot whole (<see cref="RedisRealtimePeers"/>); and a
    /// readiness check. The Orleans membership of N hubs uses the same Redis (<c>AddAlarmSilo()</c>). Read once here because it decides what is registered; empty leaves
    /// SignalR on its in-process default and adds nothing.
    /// </summary>
    public static IServiceCollection AddRedis(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<RedisOptions>()
            .BindConfiguration(RedisOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => !o.Enabled || RedisConnection.TryParse(o.Configuration, out _),
                "Redis:Configuration is not a StackExchange.Redis connection string (host:port,user=...,password=...).")
            .ValidateOnStart();

        var redis = configuration.GetSection(RedisOptions.SectionName).Get<RedisOptions>() ?? new RedisOptions();
        if (!redis.Enabled)
        {
            return services;
        }

        services.AddSingleton<RedisBackplane>();
        // What AddSignalR().AddStackExchangeRedis() registers, without calling AddSignalR() a second
        // time: that would add the stock JSON protocol back over AddRealtime()'s camelCase one.
        services.AddSingleton(typeof(HubLifetimeManager<>), typeof(RedisHubLifetimeManager<>));
        services.AddOptions<Microsoft.AspNetCore.SignalR.StackExchangeRedis.RedisOptions>()
            .Configure<RedisBackplane>((signalR, backplane) => signalR.ConnectionFactory = backplane.ConnectAsync);
        services.AddSingleton<RedisRealtimePeers>();
        services.AddSingleton<Realtime.IRealtimePeers>(sp => sp.GetRequiredService<RedisRealtimePeers>());
        services.AddHostedService<RedisPeerListener>();
        services.AddHealthChecks()
            .AddCheck<RedisHealthCheck>("redis", tags: [HealthSetup.ReadyTag], timeout: TimeSpan.FromSeconds(5));
        return services;
    }
}
