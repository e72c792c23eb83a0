using System.Globalization;

namespace Monitoring.Hub.Tests.Infrastructure;

/// <summary>Real MQTT connections to the test broker of scripts/services.sh (Mqtt__Host, Mqtt__Port, MQTT_ADMIN_PASSWORD).</summary>
public static class BrokerClients
{
    public static string Host => Environment.GetEnvironmentVariable("Mqtt__Host") ?? "127.0.0.1";

    public static int Port => int.Parse(Environment.GetEnvironmentVariable("Mqtt__Port") ?? "1883", CultureInfo.InvariantCulture);

    /// <summary>A device's connection: client id = username = device id, password = its secret.</summary>
    public static TestMqttClient Device(string deviceId, string secret, string? clientId = null) =>
        new(TestMqttClient.OptionsFor(Port, clientId ?? deviceId, deviceId, secret).Build());

    /// <summary>The broker's administrator (may subscribe to everything): it watches what reaches the broker.</summary>
    public static TestMqttClient Admin() =>
        new(TestMqttClient.OptionsFor(Port, "hub-tests-" + HubFixture.Unique(), "admin",
            Environment.GetEnvironmentVariable("MQTT_ADMIN_PASSWORD") ?? "dev-mqtt-admin").Build());

    /// <summary>Reads messages until one on <paramref name="topic"/> arrives; returns every topic seen before and including it.</summary>
    public static async Task<List<string>> ReadUntilAsync(TestMqttClient client, string topic)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        var seen = new List<string>();
        while (true)
        {
            var message = await client.Messages.ReadAsync(timeout.Token);
            seen.Add(message.Topic);
            if (message.Topic == topic)
            {
                return seen;
            }
        }
    }
}
