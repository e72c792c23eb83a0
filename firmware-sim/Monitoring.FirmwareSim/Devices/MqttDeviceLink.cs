using Monitoring.Contracts.Topics;
using Monitoring.FirmwareSim.Timing;
using Monitoring.Mqtt;

namespace Monitoring.FirmwareSim.Devices;

/// <summary>
/// A device's own MQTT connection (contract: client id = username = device id, password = the
/// secret issued at registration; QoS 1), with the will <c>offline</c> retained on its status topic.
/// A simulated outage ends the connection and a new client connects when it is over (our client
/// cannot connect again after a disconnect). Our client always closes with DISCONNECT, which makes
/// the broker drop the will, so the link publishes the <c>offline</c> the will would have.
/// </summary>
public sealed class MqttDeviceLink : IDeviceLink
{
    private static readonly ReadOnlyMemory<byte> OnlinePayload = "online"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> OfflinePayload = "offline"u8.ToArray();

    private readonly MqttEndpoint _endpoint;
    private readonly string _password;
    private readonly TimeProvider _time;
    private MqttClient? _client;

    public MqttDeviceLink(MqttEndpoint endpoint, string deviceId, string password, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        ArgumentException.ThrowIfNullOrEmpty(password);
        _endpoint = endpoint;
        DeviceId = deviceId;
        _password = password;
        _time = time ?? TimeProvider.System;
    }

    public string DeviceId { get; }

    public bool IsConnected => _client is not null;

    public async Task ConnectAsync(SimInstant at, CancellationToken cancellationToken)
    {
        if (_client is not null)
        {
            return;
        }

        var status = DeviceTopics.Status(DeviceId);
        var client = new MqttClient(
            new MqttClientOptions
            {
                Host = _endpoint.Host,
                Port = _endpoint.Port,
                ClientId = DeviceId,
                Username = DeviceId,
                Password = _password,
                CleanSession = true,
                KeepAlive = TimeSpan.FromSeconds(30),
                MaxInFlight = 32,
                Will = new MqttWill(status, OfflinePayload, MqttQualityOfService.AtLeastOnce, Retain: true),
            },
            timeProvider: _time);
        try
        {
            await client.ConnectAsync(cancellationToken);
            await client.PublishAsync(new MqttApplicationMessage(status, OnlinePayload, MqttQualityOfService.AtLeastOnce, Retain: true), cancellationToken);
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }

        _client = client;
    }

    public Task PublishAsync(DeviceTopicKind kind, ReadOnlyMemory<byte> payload, SimInstant at, CancellationToken cancellationToken)
    {
        var client = _client ?? throw new InvalidOperationException($"Device {DeviceId} is not connected.");
        return client.PublishAsync(
            new MqttApplicationMessage(DeviceTopics.Build(DeviceId, kind), payload, MqttQualityOfService.AtLeastOnce, kind == DeviceTopicKind.Status),
            cancellationToken);
    }

    public async Task DisconnectAsync(SimInstant at, CancellationToken cancellationToken)
    {
        var client = _client;
        if (client is null)
        {
            return;
        }

        _client = null;
        try
        {
            await client.PublishAsync(
                new MqttApplicationMessage(DeviceTopics.Status(DeviceId), OfflinePayload, MqttQualityOfService.AtLeastOnce, Retain: true),
                cancellationToken);
            await client.DisconnectAsync(cancellationToken);
        }
        finally
        {
            await client.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is { } client)
        {
            _client = null;
            await client.DisposeAsync();
        }
    }
}
