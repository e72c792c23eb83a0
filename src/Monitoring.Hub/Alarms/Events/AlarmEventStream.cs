namespace Monitoring.Hub.Alarms.Events;

/// <summary>
/// The alarm engine's one way out: each event handed to every registered
/// <see cref="IAlarmEventSubscriber"/>, in order. Not a bus: subscribers are the services registered
/// at start, each keeping its own queue.
/// </summary>
public sealed class AlarmEventStream(IEnumerable<IAlarmEventSubscriber> subscribers)
{
    private readonly IAlarmEventSubscriber[] _subscribers = [.. subscribers];

    public async ValueTask PublishAsync(AlarmEvent alarmEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alarmEvent);
        foreach (var subscriber in _subscribers)
        {
            await subscriber.OnEventAsync(alarmEvent, cancellationToken);
        }
    }
}
