using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Monitoring.Hub.Api;
using Monitoring.Hub.Broker;
using Monitoring.Mqtt;

namespace Monitoring.Hub.Devices;

/// <summary>
/// Talks to Mosquitto's dynamic-security plugin: commands published to
/// <c>$CONTROL/dynamic-security/v1</c>, answers read from <c>.../response</c> and matched by
/// <c>correlationData</c> (other hubs' answers on the same topic are skipped). One short-lived
/// connection per request, as the hub account: registrations are rare, and a fresh connection
/// needs no reconnect handling. An unreachable or refusing broker raises
/// <see cref="DependencyUnavailableException"/> (503).
/// </summary>
public sealed partial class DynamicSecurityClient(
    IOptions<MqttOptions> mqttOptions, IOptions<DevicesOptions> devicesOptions, ILoggerFactory loggers)
{
    public const string CommandTopic = "$CONTROL/dynamic-security/v1";
    public const string ResponseTopic = CommandTopic + "/response";

    private readonly ILogger _logger = loggers.CreateLogger<DynamicSecurityClient>();

    /// <summary>Sends <paramref name="commands"/> in one message; one result per command, in order.</summary>
    public async Task<IReadOnlyList<DynsecResult>> SendAsync(IReadOnlyList<JsonObject> commands, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var settings = mqttOptions.Value;
        var timeout = devicesOptions.Value.BrokerTimeout;
        var correlation = Guid.NewGuid().ToString("N");
        var clientOptions = settings.ToClientOptions(
            $"{settings.ClientId}-dynsec-{correlation[..12]}", cleanSession: true, autoReconnect: false, connectTimeout: timeout);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        await using var client = new MqttClient(clientOptions, loggers.CreateLogger<MqttClient>());
        try
        {
            await client.ConnectAsync(deadline.Token);
            var subscribed = await client.SubscribeAsync([new MqttTopicFilter(ResponseTopic, MqttQualityOfService.AtLeastOnce)], deadline.Token);
            if (subscribed.Codes.Count != 1 || subscribed.Codes[0] == MqttSubscribeReturnCode.Failure)
            {
                throw new DependencyUnavailableException(
                    $"The broker refused the hub account '{settings.Username}' the dynamic-security response topic: it lacks dynsec administration rights.");
            }

            var batch = new JsonArray();
            for (var i = 0; i < commands.Count; i++)
            {
                var command = (JsonObject)commands[i].DeepClone();
                command["correlationData"] = $"{correlation}-{i}";
                batch.Add(command);
            }

            var payload = JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["commands"] = batch });
            await client.PublishAsync(new MqttApplicationMessage(CommandTopic, payload, MqttQualityOfService.AtLeastOnce), deadline.Token);

            var results = new DynsecResult?[commands.Count];
            var pending = commands.Count;
            while (pending > 0)
            {
                var message = await client.Messages.ReadAsync(deadline.Token);
                await message.AcknowledgeAsync(deadline.Token);
                if (message.Topic == ResponseTopic)
                {
                    pending -= Collect(message.Payload, correlation, results);
                }
            }

            await client.DisconnectAsync(CancellationToken.None);
            return results!;
        }
        catch (MqttConnectException ex)
        {
            LogRefused(_logger, settings.Host, settings.Port, ex.ReturnCode);
            throw new DependencyUnavailableException(
                $"The MQTT broker refused the hub's connection ({ex.ReturnCode}); nothing was changed.", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogTimeout(_logger, settings.Host, settings.Port, timeout.TotalSeconds);
            throw new DependencyUnavailableException(
                $"The MQTT broker did not answer within {timeout.TotalSeconds:0.#} s; nothing was changed.", ex);
        }
        catch (Exception ex) when (ex is SocketException or IOException or TimeoutException or ChannelClosedException or ObjectDisposedException)
        {
            LogUnreachable(_logger, settings.Host, settings.Port, ex.Message);
            throw new DependencyUnavailableException(
                $"The MQTT broker at {settings.Host}:{settings.Port} does not answer; nothing was changed.", ex);
        }
    }

    /// <summary>Fills the results this response carries for our correlation id; returns how many it filled.</summary>
    private static int Collect(ReadOnlyMemory<byte> payload, string correlation, DynsecResult?[] results)
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT broker {Host}:{Port} refused the hub's dynamic-security connection: {ReturnCode}")]
    private static partial void LogRefused(ILogger logger, string host, int port, MqttConnectReturnCode returnCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT broker {Host}:{Port} did not answer a dynamic-security request within {Seconds} s")]
    private static partial void LogTimeout(ILogger logger, string host, int port, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT broker {Host}:{Port} is unreachable for dynamic-security requests: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, string host, int port, string reason);
}
