using Monitoring.Mqtt;

namespace Monitoring.Hub.Benchmarks;

/// <summary>Our MQTT client set up for the bench's own connections (admin account, clean sessions).</summary>
public static class BrokerClients
{
    public static MqttClient Admin(BenchSettings settings, string clientId, int receiveQueue = 10_000, int maxInFlight = 1000)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new MqttClient(new MqttClientOptions
        {
            Host = "127.0.0.1",
            Port = settings.MqttPort,
            ClientId = clientId,
            Username = "admin",
            Password = settings.MqttAdminPassword,
            CleanSession = true,
            AutoReconnect = false,
            ReceiveQueueCapacity = receiveQueue,
            MaxInFlight = maxInFlight,
        });
    }

    /// <summary>Removes a persistent session: connecting with clean session on discards it (MQTT 3.1.1 §3.1.2.4).</summary>
    public static async Task ForgetSessionAsync(BenchSettings settings, string clientId, string username, string password)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await using var client = new MqttClient(new MqttClientOptions
        {
            Host = "127.0.0.1",
            Port = settings.MqttPort,
            ClientId = clientId,
            Username = username,
            Password = password,
            CleanSession = true,
            AutoReconnect = false,
        });
        await client.ConnectAsync();
        await client.DisconnectAsync();
    }
}
