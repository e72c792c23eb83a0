using MQTTnet;
using Monitoring.FirmwareSim.Devices;

namespace Monitoring.FirmwareSim.Load;

/// <summary>
/// A load connection: an MQTTnet client (MQTT 5) logged in as a broker account that may publish on
/// every device topic (the <c>admin</c> account of services.sh), since registering thousands of broker
/// accounts is not what a throughput test measures. Its PUBLISHes overlap: <see cref="LoadConnection"/>
/// keeps at most <c>--max-pending</c> waiting for PUBACK, which must stay within the broker's receive
/// maximum (Mosquitto's <c>max_inflight_messages</c>, 20,000 in scripts/services).
/// </summary>
public sealed class MqttLoadPublisher(MqttEndpoint endpoint, string clientId, string username, string password) : ILoadPublisher
{
    private readonly IMqttClient _client = MqttSessions.CreateClient();
    private readonly MqttClientOptions _options = MqttSessions.Options(endpoint, clientId, username, password).Build();

    public Task ConnectAsync(CancellationToken cancellationToken) => MqttSessions.ConnectAsync(_client, _options, cancellationToken);

    public Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        MqttSessions.PublishAsync(_client, topic, payload, retain: false, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            try
            {
                await _client.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None);
            }
            catch (MQTTnet.Exceptions.MqttCommunicationException)
            {
                // The connection is gone already; nothing to say goodbye to.
            }
        }

        _client.Dispose();
    }
}
