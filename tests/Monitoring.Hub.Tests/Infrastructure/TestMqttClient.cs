using System.Buffers;
using System.Threading.Channels;
using Monitoring.Hub.Broker;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Monitoring.Hub.Tests.Infrastructure;

/// <summary>One received message as a test sees it.</summary>
public sealed record ReceivedMessage(string Topic, byte[] Payload, bool Retained, bool Duplicate);

/// <summary>
/// An MQTTnet connection for tests (a device, the broker's admin, a stand-in subscriber): connect
/// (a refusal throws <see cref="BrokerRefusedException"/> with its reason code), subscribe, publish at
/// QoS 1, and read what arrives from <see cref="Messages"/> (acknowledged as it arrives).
/// </summary>
public sealed class TestMqttClient : IAsyncDisposable
{
    private readonly Channel<ReceivedMessage> _messages = Channel.CreateUnbounded<ReceivedMessage>();

    public TestMqttClient(MqttClientOptions options)
    {
        Options = options;
        Client = new MqttClientFactory().CreateMqttClient();
        Client.ApplicationMessageReceivedAsync += e =>
        {
            var message = e.ApplicationMessage;
            _messages.Writer.TryWrite(new ReceivedMessage(message.Topic, message.Payload.ToArray(), message.Retain, message.Dup));
            return Task.CompletedTask;
        };
    }

    public MqttClientOptions Options { get; }

    public IMqttClient Client { get; }

    public ChannelReader<ReceivedMessage> Messages => _messages.Reader;

    /// <summary>Options for 127.0.0.1 (MQTT 3.1.1, as the devices speak: contract.md).</summary>
    public static MqttClientOptionsBuilder OptionsFor(int port, string clientId, string username, string? password) =>
        new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId(clientId)
            .WithCredentials(username, password)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithTimeout(TimeSpan.FromSeconds(10));

    public async Task<MqttClientConnectResult> ConnectAsync(CancellationToken ct = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Options.Timeout);
        var result = await Client.ConnectAsync(Options, timeout.Token);
        return result.ResultCode == MqttClientConnectResultCode.Success ? result : throw new BrokerRefusedException(result);
    }

    /// <summary>Subscribes at QoS 1; the broker's answer per filter.</summary>
    public async Task<IReadOnlyList<MqttClientSubscribeResultCode>> SubscribeAsync(IEnumerable<string> filters, CancellationToken ct = default)
    {
        var subscribe = new MqttClientSubscribeOptionsBuilder();
        foreach (var filter in filters)
        {
            subscribe.WithTopicFilter(f => f.WithTopic(filter).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce));
        }

        var result = await Client.SubscribeAsync(subscribe.Build(), ct);
        return [.. result.Items.Select(i => i.ResultCode)];
    }

    public Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, bool retain = false, CancellationToken ct = default) =>
        Client.PublishAsync(
            new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload.ToArray())
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build(),
            ct);

    public async Task DisconnectAsync(CancellationToken ct = default)
    {
        if (Client.IsConnected)
        {
            await Client.DisconnectAsync(new MqttClientDisconnectOptions(), ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await DisconnectAsync(timeout.Token);
        }
        catch (Exception ex) when (BrokerConnection.IsTransient(ex))
        {
            // Already gone.
        }

        Client.Dispose();
    }

    /// <summary>Whether a SUBACK code grants the subscription (below 0x80, MQTT 5 §3.9.3).</summary>
    public static bool Granted(MqttClientSubscribeResultCode code) => (int)code < 0x80;
}
