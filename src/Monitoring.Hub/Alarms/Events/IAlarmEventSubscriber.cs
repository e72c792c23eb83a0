namespace Monitoring.Hub.Alarms.Events;

/// <summary>A reader of the engine's event stream (the realtime publisher; the cluster relay on the leader).</summary>
public interface IAlarmEventSubscriber
{
    /// <summary>
    /// Takes one event, in the engine's order for its patient. May wait for room (backpressure on
    /// the engine) for alarm events; must not wait for <see cref="VitalsObserved"/>.
    /// </summary>
    ValueTask OnEventAsync(AlarmEvent alarmEvent, CancellationToken cancellationToken);
}
