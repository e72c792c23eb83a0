using Monitoring.Contracts.Topics;
using Monitoring.Mqtt;

namespace Monitoring.Hub.Tests.Infrastructure;

/// <summary>
/// Publishes as a device (client id = username = device id, password = its secret) or as the
/// broker's admin account, at QoS 1: <see cref="PublishAsync"/> completes on the broker's PUBACK,
/// and the client re-sends unacknowledged messages after a reconnect, so "sent" means "the broker has it".
/// </summary>
public sealed class DevicePublisher : IAsyncDisposable
{
    private readonly MqttClient _client;

    private DevicePublisher(MqttClient client) => _client = client;

    public static async Task<DevicePublisher> ConnectAsync(int port, string clientId, string username, string password, int maxInFlight = 1000)
    {
        var client = new MqttClient(new MqttClientOptions
        {
            Host = "127.0.0.1",
            Port = port,
            ClientId = clientId,
            Username = username,
            Password = password,
            CleanSession = false,
            AutoReconnect = true,
            ReconnectMinDelay = TimeSpan.FromMilliseconds(100),
            ReconnectMaxDelay = TimeSpan.FromSeconds(1),
            MaxInFlight = maxInFlight,
        });
        await client.ConnectAsync(TestContext.Current.CancellationToken);
        return new DevicePublisher(client);
    }

    public static Task<DevicePublisher> AsDeviceAsync(int port, TestDevice device) =>
        ConnectAsync(port, device.Id, device.Id, device.Secret);

    public static Task<DevicePublisher> AsAdminAsync(int port, string password, int maxInFlight = 1000) =>
        ConnectAsync(port, $"test-admin-{HubFixture.Unique()}", "admin", password, maxInFlight);

    public static int SharedBrokerPort => int.Parse(Environment.GetEnvironmentVariable("Mqtt__Port") ?? "1883", System.Globalization.CultureInfo.InvariantCulture);

    public static string SharedAdminPassword => Environment.GetEnvironmentVariable("MQTT_ADMIN_PASSWORD") ?? "dev-mqtt-admin";

    public Task PublishAsync(string topic, ReadOnlyMemory<byte> payload) =>
        _client.PublishAsync(new MqttApplicationMessage(topic, payload, MqttQualityOfService.AtLeastOnce), TestContext.Current.CancellationToken);

    public Task TelemetryAsync(string deviceId, string json) =>
        PublishAsync(DeviceTopics.Telemetry(deviceId), System.Text.Encoding.UTF8.GetBytes(json));

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _client.DisconnectAsync();
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or OperationCanceledException)
        {
            // Already gone.
        }

        await _client.DisposeAsync();
    }
}
