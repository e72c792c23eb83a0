using System.Buffers;
using System.Globalization;
using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Monitoring.FirmwareSim.Devices;

namespace Monitoring.FirmwareSim.Tests.Support;

/// <summary>
/// The running broker of scripts/services.sh (<c>eval "$(bash scripts/services.sh env)"</c>: Mqtt__Host,
/// Mqtt__Port, MQTT_ADMIN_PASSWORD, MQTT_HUB_PASSWORD), and a watcher on it that collects what arrives.
/// </summary>
internal static class TestBroker
{
    public static MqttEndpoint Endpoint => new(
        Environment.GetEnvironmentVariable("Mqtt__Host") ?? "127.0.0.1",
        int.TryParse(Environment.GetEnvironmentVariable("Mqtt__Port") ?? Environment.GetEnvironmentVariable("MQTT_PORT"), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : 1883);

    /// <summary>The <c>admin</c> account, which may publish and subscribe anywhere.</summary>
    public static string AdminPassword => Environment.GetEnvironmentVariable("MQTT_ADMIN_PASSWORD") ?? "dev-mqtt-admin";

    /// <summary>The hub's account: it reads the device topics but may not publish on them.</summary>
    public static string HubPassword => Environment.GetEnvironmentVariable("MQTT_HUB_PASSWORD") ?? "dev-mqtt-hub";

    public static async Task<Watcher> WatchAsync(string topicFilter, CancellationToken cancellationToken)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var watcher = new Watcher(client);
        client.ApplicationMessageReceivedAsync += e =>
        {
            watcher.Messages.Writer.TryWrite((e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray(), e.ApplicationMessage.Retain));
            return Task.CompletedTask;
        };
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(Endpoint.Host, Endpoint.Port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId($"sim-test-watch-{Guid.NewGuid():N}")
            .WithCredentials("admin", AdminPassword)
            .Build();
        var connected = await client.ConnectAsync(options, cancellationToken);
        Assert.Equal(MqttClientConnectResultCode.Success, connected.ResultCode);
        var subscribed = await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(topicFilter, MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancellationToken);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, Assert.Single(subscribed.Items).ResultCode);
        return watcher;
    }

    /// <summary>Removes a retained message (an empty retained publish, MQTT 5.0 §3.3.1.3), so tests leave the broker as they found it.</summary>
    public static async Task ClearRetainedAsync(string topic)
    {
        await using var watcher = await WatchAsync("sim-test/none", CancellationToken.None);
        await watcher.Client.PublishAsync(
            new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(ReadOnlySequence<byte>.Empty).WithRetainFlag(true).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(),
            CancellationToken.None);
    }

    internal sealed class Watcher(IMqttClient client) : IAsyncDisposable
    {
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

        public IMqttClient Client { get; } = client;

        public Channel<(string Topic, byte[] Payload, bool Retain)> Messages { get; } = Channel.CreateUnbounded<(string, byte[], bool)>();

        /// <summary>The next message; a bound on waiting (not a measured time) so a lost message fails the test instead of hanging it.</summary>
        public async Task<(string Topic, string Payload, bool Retain)> NextAsync()
        {
            using var timeout = new CancellationTokenSource(Patience);
            var (topic, payload, retain) = await Messages.Reader.ReadAsync(timeout.Token);
            return (topic, System.Text.Encoding.UTF8.GetString(payload), retain);
        }

        public async ValueTask DisposeAsync()
        {
            if (Client.IsConnected)
            {
                await Client.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None);
            }

            Client.Dispose();
        }
    }
}
