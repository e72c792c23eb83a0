using MQTTnet;
using MQTTnet.Protocol;
using Monitoring.Contracts.Topics;
using Monitoring.FirmwareSim.Timing;

namespace Monitoring.FirmwareSim.Devices;

/// <summary>
/// A device's own MQTT connection (contract: client id = username = device id, password = the
/// secret issued at registration; QoS 1), with the will <c>offline</c> retained on its status topic.
/// A simulated outage ends the connection with MQTT 5's "disconnect with will message" (reason 0x04,
/// MQTT 5.0 §3.14.2.1), so the broker itself publishes the will, as it would for a device that lost
/// its network; the same client connects again when the outage is over.
/// </summary>
public sealed class MqttDeviceLink : IDeviceLink
{
    private static readonly byte[] OnlinePayload = "online"u8.ToArray();
    private static readonly byte[] OfflinePayload = "offline"u8.ToArray();

    private readonly MqttClientOptions _options;
    private readonly IMqttClient _client = MqttSessions.CreateClient();

    public MqttDeviceLink(MqttEndpoint endpoint, string deviceId, string password)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        ArgumentException.ThrowIfNullOrEmpty(password);
        DeviceId = deviceId;
        _options = MqttSessions.Options(endpoint, deviceId, deviceId, password)
            .WithWillTopic(DeviceTopics.Status(deviceId))
            .WithWillPayload(OfflinePayload)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithWillRetain(true)
            .Build();
    }

    public string DeviceId { get; }

    public bool IsConnected => _client.IsConnected;

    public async Task ConnectAsync(SimInstant at, CancellationToken cancellationToken)
    {
        if (_client.IsConnected)
        {
            return;
        }

        await MqttSessions.ConnectAsync(_client, _options, cancellationToken);
        try
        {
            await MqttSessions.PublishAsync(_client, DeviceTopics.Status(DeviceId), OnlinePayload, retain: true, cancellationToken);
        }
        catch
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None);
            throw;
        }
    }

    public Task PublishAsync(DeviceTopicKind kind, ReadOnlyMemory<byte> payload, SimInstant at, CancellationToken cancellationToken)
    {
        if (!_client.IsConnected)
        {
            throw new InvalidOperationException($"Device {DeviceId} is not connected.");
        }

        return MqttSessions.PublishAsync(_client, DeviceTopics.Build(DeviceId, kind), payload, kind == DeviceTopicKind.Status, cancellationToken);
    }

    public async Task DisconnectAsync(SimInstant at, CancellationToken cancellationToken)
    {
        if (!_client.IsConnected)
        {
            return;
        }

        await _client.DisconnectAsync(
            new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.DisconnectWithWillMessage).Build(),
            cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
