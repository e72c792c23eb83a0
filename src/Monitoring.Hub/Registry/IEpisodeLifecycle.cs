using Npgsql;

namespace Monitoring.Hub.Registry;

/// <summary>
/// Told by <see cref="EpisodeStore"/> when home treatment starts or ends, inside the transaction
/// that changes the episode, so what depends on it (follow-ups) is committed with it or not at all.
/// </summary>
public interface IEpisodeLifecycle
{
    Task OnEpisodeStartedAsync(NpgsqlTransaction transaction, EpisodeLifecycleEvent episode, CancellationToken cancellationToken);

    Task OnEpisodeEndedAsync(NpgsqlTransaction transaction, EpisodeLifecycleEvent episode, CancellationToken cancellationToken);
}

/// <summary>The episode that started or ended, with its patient's clinic and the change's time and author.</summary>
public sealed record EpisodeLifecycleEvent(
    Guid EpisodeId, Guid PatientId, Guid ClinicId, string TimeZone, DateTimeOffset StartedAt, DateTimeOffset Now, Audit.AuditActor Actor);
