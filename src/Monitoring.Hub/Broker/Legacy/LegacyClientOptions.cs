using Monitoring.Mqtt;

namespace Monitoring.Hub.Broker;

/// <summary>
/// Client options for our own MQTT client (src/Monitoring.Mqtt), kept only for <c>Cluster/</c>, which is
/// being deleted in parallel (issue 16). Everything else connects through MQTTnet
/// (<see cref="BrokerSetup.ToClientOptionsBuilder"/>). Delete this folder with <c>Cluster/</c>.
/// </summary>
public static class LegacyClientOptions
{
    public static MqttClientOptions ToClientOptions(
        this MqttOptions options,
        string clientId,
        bool cleanSession = true,
        bool autoReconnect = true,
        TimeSpan? connectTimeout = null,
        TimeSpan? keepAlive = null,
        int receiveQueueCapacity = 10_000)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new()
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
}
