using Monitoring.Mqtt;

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
        return services;
    }

    /// <summary>The one place the hub's broker settings become client options, for every connection the hub opens.</summary>
    public static MqttClientOptions ToClientOptions(
        this MqttOptions options,
        string clientId,
        bool cleanSession = true,
        bool autoReconnect = true,
        TimeSpan? connectTimeout = null,
        TimeSpan? keepAlive = null,
        int receiveQueueCapacity = 10_000) => new()
    {
        Host = options.Host,
        Port = options.Port,
        ClientId = clientId,
        Username = options.Username,
        Password = options.Password,
        CleanSession = cleanSession,
        AutoReconnect = autoReconnect,
        ConnectTimeout = connectTimeout ?? TimeSpan.FromSeconds(10),
        KeepAlive = keepAlive ?? TimeSpan.FromSeconds(30),
        ReceiveQueueCapacity = receiveQueueCapacity,
        Tls = options.Tls is { Enabled: true } tls
            ? new MqttTlsOptions { CaFile = tls.CaFile, CheckHostname = tls.CheckHostname, UseSystemTrust = string.IsNullOrEmpty(tls.CaFile) }
            : null,
    };
}
