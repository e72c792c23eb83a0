using System.Buffers;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Monitoring.FirmwareSim.Devices;

/// <summary>
/// The simulator's MQTT connections (MQTTnet, MQTT 5): one way to set them up, connect and publish at
/// QoS 1, so every refusal reaches the run's output as the broker's own reason code.
/// </summary>
internal static class MqttSessions
{
    private static readonly MqttClientFactory Factory = new();

    public static IMqttClient CreateClient() => Factory.CreateMqttClient();

    /// <summary>
    /// A clean start whose session ends with the connection (session expiry 0, MQTT 5.0 §3.1.2.11.2):
    /// a simulated device that is gone has nothing queued for it, as a real one after a power cycle.
    /// </summary>
    public static MqttClientOptionsBuilder Options(MqttEndpoint endpoint, string clientId, string username, string password)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(endpoint.Host, endpoint.Port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(clientId)
            .WithCredentials(username, password)
            .WithCleanStart(true)
            .WithSessionExpiryInterval(0)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
            .WithTimeout(TimeSpan.FromSeconds(30));
        if (endpoint.Tls)
        {
            builder.WithTlsOptions(tls =>
            {
                tls.UseTls().WithSslProtocols(System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13).WithTargetHost(endpoint.Host);
                if (endpoint.CaFile is { } caFile)
                {
                    var trust = new X509Certificate2Collection();
                    trust.ImportFromPemFile(caFile);
                    tls.WithTrustChain(trust);
                }
            });
        }

        return builder;
    }

    /// <summary>Connects; a CONNACK that refuses becomes an <see cref="MqttRefusedException"/> naming the reason.</summary>
    public static async Task ConnectAsync(IMqttClient client, MqttClientOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        var result = await client.ConnectAsync(options, cancellationToken);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new MqttRefusedException(
                $"the broker at {Describe(options)} refused client '{options.ClientId}': {result.ResultCode}{(string.IsNullOrEmpty(result.ReasonString) ? "" : $" ({result.ReasonString})")}")
            {
                ReasonCode = result.ResultCode.ToString(),
            };
        }
    }

    /// <summary>Publishes at QoS 1 and completes on the PUBACK; a refusing PUBACK becomes an <see cref="MqttRefusedException"/>.</summary>
    public static async Task PublishAsync(IMqttClient client, string topic, ReadOnlyMemory<byte> payload, bool retain, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(new ReadOnlySequence<byte>(payload))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .Build();
        var result = await client.PublishAsync(message, cancellationToken);

        // 0x10 "no matching subscribers" is a success code (MQTT 5.0 §3.4.2.1): Mosquitto sends it while nobody listens.
        if (result.ReasonCode is not (MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers))
        {
            throw new MqttRefusedException(
                $"the broker refused the message on {topic} from '{client.Options?.ClientId}': {result.ReasonCode}{(string.IsNullOrEmpty(result.ReasonString) ? "" : $" ({result.ReasonString})")}")
            {
                ReasonCode = result.ReasonCode.ToString(),
            };
        }
    }

    private static string Describe(MqttClientOptions options) => (options.ChannelOptions as MqttClientTcpOptions)?.RemoteEndpoint switch
    {
        System.Net.DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
        { } other => other.ToString() ?? "?",
        null => "?",
    };
}
