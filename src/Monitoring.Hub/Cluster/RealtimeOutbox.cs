using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Monitoring.Hub.Alarms;
using Monitoring.Hub.Api;
using Monitoring.Hub.Realtime;
using Monitoring.Mqtt;

namespace Monitoring.Hub.Cluster;

/// <summary>
/// The leader's <see cref="IRealtimeRelay"/>: what its publisher pushes, as messages for
/// <c>{prefix}/realtime</c>, queued for <see cref="ClusterLink"/> to send (alarms QoS 1, vitals QoS 0).
/// Never waits: when full, the event is not relayed (the other hubs' dashboards re-sync on reconnect).
/// </summary>
public sealed partial class RealtimeOutbox(IOptions<ClusterOptions> options, ILogger<RealtimeOutbox> logger) : IRealtimeRelay
{
    private readonly Channel<MqttApplicationMessage> _messages = Channel.CreateBounded<MqttApplicationMessage>(new BoundedChannelOptions(100_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.DropWrite,
    });

    public ChannelReader<MqttApplicationMessage> Reader => _messages.Reader;

    public void Alarm(AlarmResponse alarm, bool raised)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        if (!_messages.Writer.TryWrite(Message(new RealtimeEnvelope(options.Value.HubId, alarm, raised, null, null), MqttQualityOfService.AtLeastOnce)))
        {
            LogFull(logger, alarm.Id);
        }
    }

    public void Vitals(Guid clinicId, VitalsSample sample) =>
        _messages.Writer.TryWrite(Message(new RealtimeEnvelope(options.Value.HubId, null, false, clinicId, sample), MqttQualityOfService.AtMostOnce));

    private MqttApplicationMessage Message(RealtimeEnvelope envelope, MqttQualityOfService qos) =>
        new(options.Value.RealtimeTopic, JsonSerializer.SerializeToUtf8Bytes(envelope, ApiJson.Options), qos);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cluster: the relay to the other hubs is full; alarm {AlarmId} is not relayed (their dashboards re-sync on reconnect)")]
    private static partial void LogFull(ILogger logger, Guid alarmId);
}
