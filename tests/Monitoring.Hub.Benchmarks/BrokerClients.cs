using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Monitoring.Hub.Benchmarks;

/// <summary>The bench's own MQTT connections: MQTTnet, MQTT 5, the broker's admin account, sessions that end with the connection.</summary>
public static class BrokerClients
{
    private static readonly MqttClientFactory Factory = new();

    /// <summary>
    /// Connects as admin; <paramref name="onMessage"/> is attached before connecting (a handler added
    /// later misses what the broker sends first). MQTTnet acknowledges a QoS 1 message when the handler
    /// returns. <paramref name="receiveMaximum"/> is the window of unacknowledged messages the broker may
    /// send (MQTT 5.0 §3.1.2.11.3; 0 leaves it to the protocol's 65,535, Mosquitto caps it at its max_inflight_messages).
    /// </summary>
    public static async Task<IMqttClient> ConnectAdminAsync(
        BenchSettings settings, string clientId, Func<MqttApplicationMessageReceivedEventArgs, Task>? onMessage = null, ushort receiveMaximum = 0)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var client = Factory.CreateMqttClient();
        if (onMessage is not null)
        {
            client.ApplicationMessageReceivedAsync += onMessage;
        }

        try
        {
            await ConnectAsync(client, Options(settings, clientId, "admin", settings.MqttAdminPassword).WithReceiveMaximum(receiveMaximum).Build());
        }
        catch
        {
            client.Dispose();
            throw;
        }

        return client;
    }

    public static async Task SubscribeAsync(IMqttClient client, string topicFilter, MqttQualityOfServiceLevel qos)
    {
        ArgumentNullException.ThrowIfNull(client);
        var result = await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(topicFilter, qos).Build());
        foreach (var item in result.Items)
        {
            if (item.ResultCode is not (MqttClientSubscribeResultCode.GrantedQoS0 or MqttClientSubscribeResultCode.GrantedQoS1 or MqttClientSubscribeResultCode.GrantedQoS2))
            {
                throw new InvalidOperationException($"The broker refused the subscription to {topicFilter}: {item.ResultCode}");
            }
        }
    }

    /// <summary>A QoS 1 publish that completes on the PUBACK; a refusing reason code (0x80 and up) throws.</summary>
    public static async Task PublishAsync(IMqttClient client, string topic, byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(client);
        var result = await client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        if (result.ReasonCode is not (MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers))
        {
            throw new InvalidOperationException($"The broker refused the message on {topic}: {result.ReasonCode}");
        }
    }

    public static async Task DisconnectAsync(IMqttClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        try
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync(new MqttClientDisconnectOptions());
            }
        }
        catch (MQTTnet.Exceptions.MqttCommunicationException)
        {
            // Gone already.
        }
        finally
        {
            client.Dispose();
        }
    }

    /// <summary>
    /// Removes a persistent session: a connection with clean start discards it, and with session expiry 0
    /// its own session ends when it disconnects (MQTT 5.0 §3.1.2.4, §3.1.2.11.2; the same for an MQTT 3.1.1 session).
    /// </summary>
    public static async Task ForgetSessionAsync(BenchSettings settings, string clientId, string username, string password)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var client = Factory.CreateMqttClient();
        await ConnectAsync(client, Options(settings, clientId, username, password).Build());
        await DisconnectAsync(client);
    }

    private static MqttClientOptionsBuilder Options(BenchSettings settings, string clientId, string username, string password) =>
        new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", settings.MqttPort)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(clientId)
            .WithCredentials(username, password)
            .WithCleanStart(true)
            .WithSessionExpiryInterval(0);

    private static async Task ConnectAsync(IMqttClient client, MqttClientOptions options)
    {
        var result = await client.ConnectAsync(options);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"The broker refused {options.ClientId}: {result.ResultCode} {result.ReasonString}");
        }
    }
}
