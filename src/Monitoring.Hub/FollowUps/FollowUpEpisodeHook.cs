using Monitoring.Hub.Registry;
using Npgsql;

namespace Monitoring.Hub.FollowUps;

/// <summary>Starting home treatment schedules its first follow-up; ending it cancels the open one.</summary>
public sealed class FollowUpEpisodeHook(FollowUpStore store) : IEpisodeLifecycle
{
    public Task OnEpisodeStartedAsync(NpgsqlTransaction transaction, EpisodeLifecycleEvent episode, CancellationToken cancellationToken) =>
        store.CreateFirstAsync(transaction, episode, cancellationToken);

    public Task OnEpisodeEndedAsync(NpgsqlTransaction transaction, EpisodeLifecycleEvent episode, CancellationToken cancellationToken) =>
        FollowUpStore.CancelOpenAsync(transaction, episode, cancellationToken);
}
