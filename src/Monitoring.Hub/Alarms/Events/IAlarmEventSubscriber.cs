namespace Monitoring.Hub.Alarms.Events;

/// <summary>A reader of the engine's event stream (the realtime publisher).</summary>
public interface IAlarmEventSubscriber
{
    /// <summary>
    /// Takes one event, in the engine's order for its patient. May wait for room (backpressure on
    /// the engine) for alarm events; must not wait for <see cref="VitalsObserved"/>.
    /// </summary>
    ValueTask OnEventAsync(AlarmEvent alarmEvent, CancellationToken cancellationToken);

    /// <summary>
    /// Completes when the subscriber hears what other hubs publish (the realtime publisher: their walls'
    /// changes through Redis), so the engine's start-up reads the open alarms only after: nothing
    /// committed elsewhere falls between that read and the first change heard.
    /// </summary>
    Task Ready => Task.CompletedTask;
}
