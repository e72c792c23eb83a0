using System.Buffers;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Monitoring.Hub.Api;
using Monitoring.Hub.Broker;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;

namespace Monitoring.Hub.Devices;

/// <summary>
/// Talks to Mosquitto's dynamic-security plugin: commands published to
/// <c>$CONTROL/dynamic-security/v1</c>, answers read from <c>.../response</c> and matched by
/// <c>correlationData</c> (other hubs' answers on the same topic are skipped). One short-lived
/// connection per request, as the hub account: registrations are rare, and a fresh connection
/// needs no reconnect handling (MQTTnet, MQTT 5: a refusal carries its reason code). An unreachable or refusing broker raises
/// <see cref="DependencyUnavailableException"/> (503).
/// </summary>
public sealed partial class DynamicSecurityClient(
    IOptions<MqttOptions> mqttOptions, IOptions<DevicesOptions> devicesOptions, BrokerMetrics brokerMetrics, ILogger<DynamicSecurityClient> logger)
{
    public const string CommandTopic = "$CONTROL/dynamic-security/v1";
    public const string ResponseTopic = CommandTopic + "/response";

    /// <summary>Sends <paramref name="commands"/> in one message; one result per command, in order.</summary>
    public async Task<IReadOnlyList<DynsecResult>> SendAsync(IReadOnlyList<JsonObject> commands, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var settings = mqttOptions.Value;
        var timeout = devicesOptions.Value.BrokerTimeout;
        var correlation = Guid.NewGuid().ToString("N");
        var clientId = $"{settings.ClientId}-dynsec-{correlation[..12]}";
        var clientOptions = settings.ToClientOptionsBuilder(clientId, timeout).WithCleanStart().Build();

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var client = new MqttClientFactory().CreateMqttClient();
        var responses = Channel.CreateUnbounded<byte[]>();
        client.ApplicationMessageReceivedAsync += e =>
        {
            if (e.ApplicationMessage.Topic == ResponseTopic)
            {
                responses.Writer.TryWrite(e.ApplicationMessage.Payload.ToArray());
            }

            return Task.CompletedTask;
        };
        try
        {
            var connected = await client.ConnectAsync(clientOptions, deadline.Token);
            if (connected.ResultCode != MqttClientConnectResultCode.Success)
            {
                throw new BrokerRefusedException(connected);
            }

            var subscribed = await client.SubscribeAsync(
                new MqttClientSubscribeOptionsBuilder().WithTopicFilter(ResponseTopic, MqttQualityOfServiceLevel.AtLeastOnce).Build(), deadline.Token);
            if (subscribed.Items.Count != 1 || (int)subscribed.Items.First().ResultCode >= 0x80)
            {
                throw new DependencyUnavailableException(
                    $"The broker refused the hub account '{settings.Username}' the dynamic-security response topic ({subscribed.Items.FirstOrDefault()?.ResultCode}): it lacks dynsec administration rights.");
            }

            var batch = new JsonArray();
            for (var i = 0; i < commands.Count; i++)
            {
                var command = (JsonObject)commands[i].DeepClone();
                command["correlationData"] = $"{correlation}-{i}";
                batch.Add(command);
            }

            var payload = JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["commands"] = batch });
            await client.PublishAsync(
                new MqttApplicationMessageBuilder().WithTopic(CommandTopic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(),
                deadline.Token);
            brokerMetrics.Sent(clientId);

            var results = new DynsecResult?[commands.Count];
            var pending = commands.Count;
            while (pending > 0)
            {
                pending -= Collect(await responses.Reader.ReadAsync(deadline.Token), correlation, results);
            }

            await client.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None);
            return results!;
        }
        catch (BrokerRefusedException ex)
        {
            LogRefused(logger, settings.Host, settings.Port, ex.ResultCode);
            throw new DependencyUnavailableException(
                $"The MQTT broker refused the hub's connection ({ex.ResultCode}); nothing was changed.", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogTimeout(logger, settings.Host, settings.Port, timeout.TotalSeconds);
            throw new DependencyUnavailableException(
                $"The MQTT broker did not answer within {timeout.TotalSeconds:0.#} s; nothing was changed.", ex);
        }
        catch (Exception ex) when (ex is SocketException or IOException or TimeoutException or MqttCommunicationException or ObjectDisposedException)
        {
            LogUnreachable(logger, settings.Host, settings.Port, ex.Message);
            throw new DependencyUnavailableException(
                $"The MQTT broker at {settings.Host}:{settings.Port} does not answer; nothing was changed.", ex);
        }
    }

    /// <summary>Fills the results this response carries for our correlation id; returns how many it filled.</summary>
    private static int Collect(byte[] payload, string correlation, DynsecResult?[] results)
    {
        var filled = 0;
        using var document = JsonDocument.Parse(payload);
        if (!document.RootElement.TryGetProperty("responses", out var responses) || responses.ValueKind != JsonValueKind.Array)
        {
            return 0;
        }

        var prefix = correlation + "-";
        foreach (var response in responses.EnumerateArray())
        {
            if (response.TryGetProperty("correlationData", out var data)
                && data.GetString() is { } tag
                && tag.StartsWith(prefix, StringComparison.Ordinal)
                && int.TryParse(tag.AsSpan(prefix.Length), out var index)
                && index >= 0 && index < results.Length
                && results[index] is null)
            {
                results[index] = new DynsecResult(
                    response.TryGetProperty("command", out var command) ? command.GetString() ?? "" : "",
                    response.TryGetProperty("error", out var error) ? error.GetString() : null,
                    response.TryGetProperty("data", out var payloadData) ? payloadData.Clone() : null);
                filled++;
            }
        }

        return filled;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT broker {Host}:{Port} refused the hub's dynamic-security connection: {ReasonCode}")]
    private static partial void LogRefused(ILogger logger, string host, int port, MqttClientConnectResultCode reasonCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT broker {Host}:{Port} did not answer a dynamic-security request within {Seconds} s")]
    private static partial void LogTimeout(ILogger logger, string host, int port, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT broker {Host}:{Port} is unreachable for dynamic-security requests: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, string host, int port, string reason);
}
