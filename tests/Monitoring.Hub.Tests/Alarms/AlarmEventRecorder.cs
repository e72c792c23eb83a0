using System.Collections.Concurrent;
using Monitoring.Hub.Alarms.Events;

namespace Monitoring.Hub.Tests.Alarms;

/// <summary>A real subscriber of the engine's event stream, beside the realtime publisher: it keeps what it was given.</summary>
public sealed class AlarmEventRecorder : IAlarmEventSubscriber
{
    private readonly ConcurrentQueue<AlarmEvent> _events = new();

    public IReadOnlyList<AlarmEvent> Events => [.. _events];

    public IReadOnlyList<AlarmChanged> ChangesOf(Guid patientId) =>
        [.. _events.OfType<AlarmChanged>().Where(e => e.Alarm.PatientId == patientId)];

    public ValueTask OnEventAsync(AlarmEvent alarmEvent, CancellationToken cancellationToken)
    {
        _events.Enqueue(alarmEvent);
        return ValueTask.CompletedTask;
    }
}
