using System.Text.Json;
using Microsoft.Extensions.Options;
using Monitoring.Hub.Alarms.Adapters;
using Monitoring.Hub.Alarms.Grains;
using Monitoring.Hub.Broker;
using Monitoring.Hub.Ingestion;
using Monitoring.Mqtt;

namespace Monitoring.Hub.Cluster;

/// <summary>
/// The leader's end of <c>{prefix}/alarm-feed</c>: the followers' readings, into the alarm worker.
/// A persistent session (clean session off) under the one fixed client id
/// <see cref="ClusterOptions.AlarmEngineClientId"/>, so the feed's backlog waits in the broker while
/// no hub leads and the next leader takes it over; connecting under that id also makes the broker
/// drop an old leader's connection. A message is acknowledged once its readings are in the worker's queue.
/// </summary>
internal sealed partial class AlarmFeedConsumer(
    IOptions<ClusterOptions> options,
    IOptions<MqttOptions> mqtt,
    ILeadershipGate leadership,
    OrleansAlarmEngine worker,
    AlarmEngineStartup startup,
    TimeProvider time,
    ILoggerFactory loggerFactory) : BackgroundService
{
    private readonly ILogger<AlarmFeedConsumer> _logger = loggerFactory.CreateLogger<AlarmFeedConsumer>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        try
        {
            await leadership.WaitForLeadershipAsync(stoppingToken);
            await startup.Ready.WaitAsync(stoppingToken);
            var clientOptions = mqtt.Value.ToClientOptions(settings.AlarmEngineClientId, cleanSession: false, autoReconnect: true);
            await using var client = new MqttClient(clientOptions, loggerFactory.CreateLogger<MqttClient>(), time);
            // Read before subscribing: a resumed session delivers its backlog at once (Monitoring.Mqtt README).
            var reading = ReadAsync(client, stoppingToken);
            var connected = await BrokerConnect.FirstAsync(client, time, (ex, attempt) =>
            {
                if (attempt % 10 == 0)
                {
                    LogConnectFailed(_logger, ex.Message);
                }
            }, stoppingToken);
            LogConnected(_logger, settings.AlarmEngineClientId, connected.SessionPresent);

            // The session keeps the subscription from the first leader on; subscribing again is harmless (spec 3.8.4).
            var result = await client.SubscribeAsync([new MqttTopicFilter(settings.AlarmFeedTopic, MqttQualityOfService.AtLeastOnce)], stoppingToken);
            if (result.Codes.Any(c => c == MqttSubscribeReturnCode.Failure))
            {
                LogRefused(_logger, settings.AlarmFeedTopic);
            }

            await reading;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is not acknowledged stays in the session for the next leader.
        }
    }

    private async Task ReadAsync(MqttClient client, CancellationToken ct)
    {
        await Task.Yield();
        await foreach (var message in client.Messages.ReadAllAsync(ct))
        {
            List<List<AttributedReading>>? batch = null;
            try
            {
                batch = JsonSerializer.Deserialize<List<List<AttributedReading>>>(message.Payload.Span, ClusterLink.FeedJson);
            }
            catch (JsonException ex)
            {
                LogBadMessage(_logger, ex.Message);
            }

            foreach (var readings in batch ?? [])
            {
                await AlarmReadingObserver.TakeByPatientAsync(worker, readings, ct);
            }

            await message.AcknowledgeAsync(ct);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster: the leader consumes the alarm feed as {ClientId} (session present: {SessionPresent})")]
    private static partial void LogConnected(ILogger logger, string clientId, bool sessionPresent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster: cannot connect to the alarm feed yet: {Reason}; retrying")]
    private static partial void LogConnectFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cluster: the broker refused the subscription to {Topic}: may the hub account use the cluster topics (docs/scale-out.md)?")]
    private static partial void LogRefused(ILogger logger, string topic);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cluster: an unreadable alarm-feed message was dropped: {Reason}")]
    private static partial void LogBadMessage(ILogger logger, string reason);
}
