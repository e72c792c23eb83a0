using Monitoring.Hub.Registry;
using Npgsql;

namespace Monitoring.Hub.Alarms.Adapters;

/// <summary>
/// Tells the alarm engine when home treatment starts or ends through this hub, so its cached
/// patient context (which decides whether readings are evaluated at all) is read again at once
/// rather than after <see cref="AlarmsOptions.ContextRefreshInterval"/>.
/// </summary>
public sealed class AlarmEpisodeHook(IAlarmEngine engine) : IEpisodeLifecycle
{
    public Task OnEpisodeStartedAsync(NpgsqlTransaction transaction, EpisodeLifecycleEvent episode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(episode);
        return engine.EpisodeChangedAsync(episode.PatientId, cancellationToken);
    }

    public Task OnEpisodeEndedAsync(NpgsqlTransaction transaction, EpisodeLifecycleEvent episode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(episode);
        return engine.EpisodeChangedAsync(episode.PatientId, cancellationToken);
    }
}
