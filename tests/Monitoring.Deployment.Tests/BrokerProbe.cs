using System.Security.Cryptography.X509Certificates;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Monitoring.Deployment.Tests;

/// <summary>
/// One short MQTTnet (MQTT 5) connection to a broker under test, answering with the broker's own reason
/// codes: what a CONNACK, SUBACK or PUBACK said (MQTT 5.0 §3.2.2.2, §3.9.3, §3.4.2.1), or why there was none.
/// </summary>
public sealed class BrokerProbe : IAsyncDisposable
{
    private static readonly MqttClientFactory Factory = new();
    private readonly IMqttClient _client = Factory.CreateMqttClient();
    private readonly TaskCompletionSource<string> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BrokerProbe()
    {
        _client.ApplicationMessageReceivedAsync += e =>
        {
            _first.TrySetResult(e.ApplicationMessage.ConvertPayloadToString());
            return Task.CompletedTask;
        };
    }

    public MqttClientConnectResultCode? ConnectResult { get; private set; }

    /// <summary>Why no CONNACK came (e.g. the TLS handshake failed), else null.</summary>
    public string? Failure { get; private set; }

    public bool Connected => ConnectResult == MqttClientConnectResultCode.Success;

    /// <summary>Connects to 127.0.0.1:<paramref name="port"/>, or over TLS to <paramref name="tlsHost"/> checking the broker's certificate against <paramref name="caFile"/>.</summary>
    public static async Task<BrokerProbe> ConnectAsync(int port, string? username = null, string? password = null, string? tlsHost = null, string? caFile = null)
    {
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(tlsHost ?? "127.0.0.1", port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId($"deploy-test-{Guid.NewGuid():N}")
            .WithCleanStart(true)
            .WithTimeout(TimeSpan.FromSeconds(20));
        if (username is not null)
        {
            options.WithCredentials(username, password);
        }

        if (caFile is not null)
        {
            var trust = new X509Certificate2Collection();
            trust.ImportFromPemFile(caFile);
            options.WithTlsOptions(tls => tls.UseTls().WithTargetHost(tlsHost).WithTrustChain(trust));
        }

        var probe = new BrokerProbe();
        try
        {
            probe.ConnectResult = (await probe._client.ConnectAsync(options.Build(), TestContext.Current.CancellationToken)).ResultCode;
        }
        catch (MqttCommunicationException ex)
        {
            probe.Failure = $"{ex.Message} {ex.InnerException?.Message}";
        }

        return probe;
    }

    public async Task<MqttClientSubscribeResultCode> SubscribeAsync(string topicFilter)
    {
        var result = await _client.SubscribeAsync(
            new MqttClientSubscribeOptionsBuilder().WithTopicFilter(topicFilter, MqttQualityOfServiceLevel.AtLeastOnce).Build(), TestContext.Current.CancellationToken);
        return Assert.Single(result.Items).ResultCode;
    }

    public async Task<MqttClientPublishReasonCode> PublishAsync(string topic, string payload)
    {
        var result = await _client.PublishAsync(
            new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(),
            TestContext.Current.CancellationToken);
        return result.ReasonCode;
    }

    /// <summary>The first message of a subscription (e.g. a retained <c>$SYS</c> topic); the wait is a bound, not a measurement.</summary>
    public async Task<string> FirstMessageAsync(string topicFilter)
    {
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await SubscribeAsync(topicFilter));
        return await _first.Task.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_client.IsConnected)
            {
                await _client.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None);
            }
        }
        finally
        {
            _client.Dispose();
        }
    }
}
