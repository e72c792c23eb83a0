using Monitoring.FirmwareSim.Devices;
using Monitoring.Mqtt;

namespace Monitoring.FirmwareSim.Load;

/// <summary>
/// A load connection: our MQTT client logged in as a broker account that may publish on every
/// device topic (the <c>admin</c> account of services.sh), since registering thousands of broker
/// accounts is not what a throughput test measures.
/// </summary>
public sealed class MqttLoadPublisher(MqttEndpoint endpoint, string clientId, string username, string password, int maxInFlight, TimeProvider time)
    : ILoadPublisher
{
    private readonly MqttClient _client = new(
        new MqttClientOptions
        {
            Host = endpoint.Host,
            Port = endpoint.Port,
            ClientId = clientId,
            Username = username,
            Password = password,
            CleanSession = true,
            KeepAlive = TimeSpan.FromSeconds(30),
            MaxInFlight = maxInFlight,
        },
        timeProvider: time);

    public async Task ConnectAsync(CancellationToken cancellationToken) => await _client.ConnectAsync(cancellationToken);

    public Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        _client.PublishAsync(new MqttApplicationMessage(topic, payload, MqttQualityOfService.AtLeastOnce), cancellationToken);

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
