using Monitoring.Domain.Alarms;
using Monitoring.Hub.Alarms.Storage;

namespace Monitoring.Hub.Alarms.Grains;

/// <summary>
/// One patient's alarm engine, an Orleans grain keyed by the patient id: it owns the patient's rule
/// state, open alarms and devices watched for silence, wherever in the cluster it lives. Calls are
/// handled one at a time, in the order they reach it (the grain is not reentrant).
/// </summary>
[Alias("monitoring.alarms.patient")]
public interface IPatientAlarmGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Readings of one or more device messages, in arrival order; returns once they are evaluated and
    /// every alarm they changed is stored and published.
    /// </summary>
    [Alias("take")]
    Task TakeReadingsAsync(ReadingBatch batch);

    [Alias("acknowledge")]
    Task<AlarmTransition> AcknowledgeAsync(AlarmCommand command);

    [Alias("resolve")]
    Task<AlarmTransition> ResolveAsync(AlarmCommand command);

    /// <summary>A reminder sweep's raise, through the same lifecycle, storage, audit and push.</summary>
    [Alias("raise")]
    Task<StoredAlarm?> RaiseAsync(Raise decision);

    [Alias("resolve-system")]
    Task<StoredAlarm?> ResolveBySystemAsync(int kind, string note);

    [Alias("episode-changed")]
    Task EpisodeChangedAsync();

    /// <summary>What time changes at <paramref name="now"/>: escalation, reminders, auto-resolution, silent devices.</summary>
    [Alias("tick")]
    Task<StoredAlarm[]> TickAsync(DateTimeOffset now);

    /// <summary>
    /// The devices of this patient to watch for silence as the registry has them now, and those the
    /// stored rule state lists as silent (the watch sweep, <see cref="IAlarmWatchGrain"/>).
    /// </summary>
    [Alias("watch")]
    Task WatchAsync(WatchOrder order);
}
