using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Monitoring.Hub.Alarms.Events;
using Monitoring.Hub.Api;
using Monitoring.Hub.Realtime;
using Monitoring.Mqtt;

namespace Monitoring.Hub.Cluster;

/// <summary>
/// The leader's relay to the other hubs: a subscriber of its alarm engine's event stream (alarm
/// changes, QoS 1) and the publisher's <see cref="IRealtimeRelay"/> (coalesced vitals, QoS 0), as
/// messages for <c>{prefix}/realtime</c>, queued for <see cref="ClusterLink"/> to send. Only the
/// leader relays. Never waits: when full, the event is not relayed (the other hubs' dashboards re-sync on reconnect).
/// </summary>
public sealed partial class RealtimeOutbox(IOptions<ClusterOptions> options, ILeadershipGate leadership, ILogger<RealtimeOutbox> logger)
    : IAlarmEventSubscriber, IRealtimeRelay
{
    private readonly Channel<MqttApplicationMessage> _messages = Channel.CreateBounded<MqttApplicationMessage>(new BoundedChannelOptions(100_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.DropWrite,
    });

    public ChannelReader<MqttApplicationMessage> Reader => _messages.Reader;

    public ValueTask OnEventAsync(AlarmEvent alarmEvent, CancellationToken cancellationToken)
    {
        if (alarmEvent is AlarmChanged changed && leadership.IsLeader
            && !_messages.Writer.TryWrite(Message(new RealtimeEnvelope(options.Value.HubId, changed.Alarm, changed.Raised, null, null), MqttQualityOfService.AtLeastOnce)))
        {
            LogFull(logger, changed.Alarm.Id);
        }

        return ValueTask.CompletedTask;
    }

    public void Vitals(Guid clinicId, VitalsSample sample)
    {
        if (leadership.IsLeader)
        {
            _messages.Writer.TryWrite(Message(new RealtimeEnvelope(options.Value.HubId, null, false, clinicId, sample), MqttQualityOfService.AtMostOnce));
        }
    }

    private MqttApplicationMessage Message(RealtimeEnvelope envelope, MqttQualityOfService qos) =>
        new(options.Value.RealtimeTopic, JsonSerializer.SerializeToUtf8Bytes(envelope, ApiJson.Options), qos);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cluster: the relay to the other hubs is full; alarm {AlarmId} is not relayed (their dashboards re-sync on reconnect)")]
    private static partial void LogFull(ILogger logger, Guid alarmId);
}
