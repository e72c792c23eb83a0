using Monitoring.Contracts.Topics;
using Monitoring.Hub.Broker;
using MQTTnet;
using MQTTnet.Protocol;

namespace Monitoring.Hub.Tests.Infrastructure;

/// <summary>
/// Publishes as a device (client id = username = device id, password = its secret) or as the
/// broker's admin account, at QoS 1 over MQTTnet: <see cref="PublishAsync"/> completes on the broker's
/// PUBACK, and a publish whose connection drops before its PUBACK is sent again once a new connection
/// is up (MQTTnet 5 does not resend by itself), so "sent" means "the broker has it" — across broker
/// restarts too. A message sent twice is the same reading at the same time: the same InfluxDB point.
/// </summary>
public sealed class DevicePublisher : IAsyncDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(100);
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly MqttClientOptions _options;
    private readonly SemaphoreSlim _inFlight;
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private readonly CancellationTokenSource _disposed = new();

    private DevicePublisher(MqttClientOptions options, int maxInFlight)
    {
        _options = options;
        _inFlight = new SemaphoreSlim(maxInFlight, maxInFlight);
    }

    public static async Task<DevicePublisher> ConnectAsync(int port, string clientId, string username, string password, int maxInFlight = 1000)
    {
        var publisher = new DevicePublisher(TestMqttClient.OptionsFor(port, clientId, username, password).WithCleanSession(false).Build(), maxInFlight);
        await publisher.EnsureConnectedAsync(TestContext.Current.CancellationToken);
        return publisher;
    }

    public static Task<DevicePublisher> AsDeviceAsync(int port, TestDevice device) =>
        ConnectAsync(port, device.Id, device.Id, device.Secret);

    public static Task<DevicePublisher> AsAdminAsync(int port, string password, int maxInFlight = 1000) =>
        ConnectAsync(port, $"test-admin-{HubFixture.Unique()}", "admin", password, maxInFlight);

    public static int SharedBrokerPort => int.Parse(Environment.GetEnvironmentVariable("Mqtt__Port") ?? "1883", System.Globalization.CultureInfo.InvariantCulture);

    public static string SharedAdminPassword => Environment.GetEnvironmentVariable("MQTT_ADMIN_PASSWORD") ?? "dev-mqtt-admin";

    public async Task PublishAsync(string topic, ReadOnlyMemory<byte> payload)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken, _disposed.Token);
        var ct = linked.Token;
        var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload.ToArray())
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
        await _inFlight.WaitAsync(ct);
        try
        {
            while (true)
            {
                try
                {
                    await EnsureConnectedAsync(ct);
                    await _client.PublishAsync(message, ct);
                    return;
                }
                catch (Exception ex) when (BrokerConnection.IsTransient(ex) && !ct.IsCancellationRequested)
                {
                    // No PUBACK on this connection: the broker may or may not have it, so send it again.
                    await Task.Delay(RetryDelay, ct);
                }
            }
        }
        finally
        {
            _inFlight.Release();
        }
    }

    public Task TelemetryAsync(string deviceId, string json) =>
        PublishAsync(DeviceTopics.Telemetry(deviceId), System.Text.Encoding.UTF8.GetBytes(json));

    private async Task EnsureConnectedAsync(CancellationToken ct)
    {
        if (_client.IsConnected)
        {
            return;
        }

        await _connecting.WaitAsync(ct);
        try
        {
            if (!_client.IsConnected)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(_options.Timeout);
                var result = await _client.ConnectAsync(_options, timeout.Token);
                if (result.ResultCode != MqttClientConnectResultCode.Success)
                {
                    throw new BrokerRefusedException(result);
                }
            }
        }
        finally
        {
            _connecting.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync();
        try
        {
            if (_client.IsConnected)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token);
            }
        }
        catch (Exception ex) when (BrokerConnection.IsTransient(ex))
        {
            // Already gone.
        }

        _client.Dispose();
        _disposed.Dispose();
        _connecting.Dispose();
        _inFlight.Dispose();
    }
}
