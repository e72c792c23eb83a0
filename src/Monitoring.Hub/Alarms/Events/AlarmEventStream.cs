namespace Monitoring.Hub.Alarms.Events;

/// <summary>
/// The alarm engine's one way out: each event handed to every registered
/// <see cref="IAlarmEventSubscriber"/>, in order. Not a bus: subscribers are the services registered
/// at start, each keeping its own queue.
/// </summary>
public sealed class AlarmEventStream(IEnumerable<IAlarmEventSubscriber> subscribers)
{
    private readonly IAlarmEventSubscriber[] _subscribers = [.. subscribers];

    /// <summary>Waits (at most <paramref name="limit"/>) until every subscriber is <see cref="IAlarmEventSubscriber.Ready"/>; false when the limit passed first.</summary>
    public async Task<bool> WhenSubscribersReadyAsync(TimeSpan limit, TimeProvider time, CancellationToken cancellationToken)
    {
        var all = Task.WhenAll(_subscribers.Select(s => s.Ready));
        await all.WaitAsync(limit, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        cancellationToken.ThrowIfCancellationRequested();
        return all.IsCompletedSuccessfully;
    }

    public async ValueTask PublishAsync(AlarmEvent alarmEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alarmEvent);
        foreach (var subscriber in _subscribers)
        {
            await subscriber.OnEventAsync(alarmEvent, cancellationToken);
        }
    }
}
