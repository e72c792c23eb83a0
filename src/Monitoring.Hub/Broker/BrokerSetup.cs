using MQTTnet;
using MQTTnet.Formatter;

namespace Monitoring.Hub.Broker;

public static class BrokerSetup
{
    public static IServiceCollection AddBroker(this IServiceCollection services)
    {
        services.AddOptions<MqttOptions>()
            .BindConfiguration(MqttOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.Tls is not { Enabled: true, CaFile: { Length: > 0 } caFile } || File.Exists(caFile),
                "Mqtt:Tls:CaFile names a file that does not exist.")
            .ValidateOnStart();
        services.AddSingleton<BrokerMetrics>();
        return services;
    }

    /// <summary>
    /// The one place the hub's broker settings become MQTTnet client options, for every connection the
    /// hub opens: MQTT 5 (reason codes in refusals, receive maximum, session expiry), the hub account,
    /// TLS as <c>Mqtt:Tls</c> says. Callers add what is theirs (clean start, session expiry, receive maximum).
    /// </summary>
    public static MqttClientOptionsBuilder ToClientOptionsBuilder(this MqttOptions options, string clientId, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(options.Host, options.Port)
            .WithClientId(clientId)
            .WithCredentials(options.Username, options.Password)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithTimeout(timeout ?? TimeSpan.FromSeconds(10))
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(30));
        return options.Tls is { Enabled: true } tls
            ? builder.WithTlsOptions(BrokerTls.Options(tls))
            : builder.WithTlsOptions(o => o.UseTls(false));
    }

    /// <summary>The session expiry interval in seconds (spec 3.1.2.11.2): 0xFFFFFFFF is "never".</summary>
    public static uint SessionExpirySeconds(this MqttOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.SessionExpiry is { } expiry ? (uint)Math.Clamp(expiry.TotalSeconds, 1, uint.MaxValue) : uint.MaxValue;
    }
}
