using System.Globalization;
using Monitoring.Mqtt;

namespace Monitoring.Hub.Tests.Infrastructure;

/// <summary>Real MQTT connections to the test broker of scripts/services.sh (Mqtt__Host, Mqtt__Port, MQTT_ADMIN_PASSWORD).</summary>
public static class BrokerClients
{
    public static string Host => Environment.GetEnvironmentVariable("Mqtt__Host") ?? "127.0.0.1";

    public static int Port => int.Parse(Environment.GetEnvironmentVariable("Mqtt__Port") ?? "1883", CultureInfo.InvariantCulture);

    /// <summary>A device's connection: client id = username = device id, password = its secret.</summary>
    public static MqttClient Device(string deviceId, string secret) => new(new MqttClientOptions
    {
        Host = Host,
        Port = Port,
        ClientId = deviceId,
        Username = deviceId,
        Password = secret,
        AutoReconnect = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    });

    /// <summary>The broker's administrator (may subscribe to everything): it watches what reaches the broker.</summary>
    public static MqttClient Admin() => new(new MqttClientOptions
    {
        Host = Host,
        Port = Port,
        ClientId = "hub-tests-" + HubFixture.Unique(),
        Username = "admin",
        Password = Environment.GetEnvironmentVariable("MQTT_ADMIN_PASSWORD") ?? "dev-mqtt-admin",
        AutoReconnect = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    });

    /// <summary>Reads messages until one on <paramref name="topic"/> arrives; returns every topic seen before and including it.</summary>
    public static async Task<List<string>> ReadUntilAsync(MqttClient client, string topic)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        var seen = new List<string>();
        while (true)
        {
            var message = await client.Messages.ReadAsync(timeout.Token);
            await message.AcknowledgeAsync(timeout.Token);
            seen.Add(message.Topic);
            if (message.Topic == topic)
            {
                return seen;
            }
        }
    }
}
