using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.SignalR.Protocol;
using Monitoring.Hub.Alarms.Events;
using Monitoring.Hub.Api;

namespace Monitoring.Hub.Realtime;

public static class RealtimeSetup
{
    /// <summary>
    /// SignalR for <c>/hubs/alarms</c> (JSON protocol with the API's JSON conventions and camelCase
    /// event names), the publisher that orders everything sent and welcomes every connection (a
    /// subscriber of the alarm engine's event stream; with N hubs it also hears the other hubs'
    /// publishers through <see cref="IRealtimePeers"/>, which <c>AddRedis()</c> adds), and bearer tokens from the
    /// <c>access_token</c> query parameter on <c>/hubs</c> (browsers cannot set headers on WebSockets).
    /// Needs <c>AddAuth()</c> and <c>AddAlarms()</c>.
    /// </summary>
    public static IServiceCollection AddRealtime(this IServiceCollection services)
    {
        services.AddOptions<RealtimeOptions>()
            .BindConfiguration(RealtimeOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSignalR().AddJsonProtocol(o => ApiJson.Configure(o.PayloadSerializerOptions));
        foreach (var stock in services.Where(d => d.ServiceType == typeof(IHubProtocol) && d.ImplementationType == typeof(JsonHubProtocol)).ToList())
        {
            services.Remove(stock);
        }

        services.AddSingleton<IHubProtocol, CamelCaseJsonHubProtocol>();
        services.AddSingleton<RealtimePublisher>();
        services.AddSingleton<IAlarmEventSubscriber>(sp => sp.GetRequiredService<RealtimePublisher>());
        services.AddSingleton<SessionConnections>();
        services.AddSingleton<Auth.Sessions.ISessionEndedListener>(sp => sp.GetRequiredService<SessionConnections>());
        services.AddHostedService(sp => sp.GetRequiredService<RealtimePublisher>());
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, AcceptTokenFromQuery);
        return services;
    }

    /// <summary>The hub endpoint; connections close when their token expires.</summary>
    public static IEndpointRouteBuilder MapRealtime(this IEndpointRouteBuilder app)
    {
        app.MapHub<AlarmHub>(AlarmHub.Path, o => o.CloseOnAuthenticationExpiration = true);
        return app;
    }

    private static void AcceptTokenFromQuery(JwtBearerOptions bearer)
    {
        bearer.Events ??= new JwtBearerEvents();
        var previous = bearer.Events.OnMessageReceived;
        bearer.Events.OnMessageReceived = async context =>
        {
            await previous(context);
            if (context.Token is null
                && context.HttpContext.Request.Path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase)
                && context.Request.Query["access_token"] is { Count: 1 } token
                && !string.IsNullOrEmpty(token[0]))
            {
                context.Token = token[0];
            }
        };
    }
}
