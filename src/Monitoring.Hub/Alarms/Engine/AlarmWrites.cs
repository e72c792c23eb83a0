using Monitoring.Hub.Alarms.Engine.Changes;
using Monitoring.Hub.Alarms.Storage;
using Npgsql;

namespace Monitoring.Hub.Alarms.Engine;

/// <summary>
/// The alarm changes of this silo's grains, written in rounds (<see cref="Rounds{T}"/>): the
/// changes grains hand in while a transaction is under way are written together in the next one.
/// A grain awaits its own write before it publishes (<see cref="CommitThenPush"/>), so an alarm is
/// still never pushed before it is stored; with one grain per patient, a transaction per grain cost
/// the worst-case stream (an alarm write in nearly every message) a third of its rate.
/// </summary>
/// <remarks>
/// A round PostgreSQL refuses for its data (a constraint, not an outage) is written again one grain
/// at a time, so one patient's refused change fails that patient's grain only (which then retries
/// from what is stored, <see cref="BatchRetries"/>); an outage fails the whole round at once.
/// </remarks>
internal sealed class AlarmWrites
{
    /// <summary>Patients per transaction at most.</summary>
    private const int MaxPerRound = 500;

    private readonly AlarmStore _store;
    private readonly Rounds<Write> _rounds;

    public AlarmWrites(AlarmStore store)
    {
        _store = store;
        _rounds = new Rounds<Write>(ServeAsync, static (round, ex) =>
        {
            foreach (var write in round)
            {
                write.Done.TrySetException(ex);
            }
        }, MaxPerRound);
    }

    /// <summary>Completes once <paramref name="changes"/> are committed (with other grains' changes of the round).</summary>
    public Task WriteAsync(AlarmChanges changes, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var write = new Write(changes, now);
        _rounds.Add(write);
        return write.Done.Task;
    }

    private async Task ServeAsync(IReadOnlyList<Write> round)
    {
        try
        {
            await SaveAsync(round);
        }
        catch (PostgresException ex) when (round.Count > 1 && !ex.IsTransient)
        {
            foreach (var write in round)
            {
                try
                {
                    await SaveAsync([write]);
                }
                catch (Exception single) when (single is not OutOfMemoryException)
                {
                    write.Done.TrySetException(single);
                }
            }

            return;
        }

        foreach (var write in round)
        {
            write.Done.TrySetResult();
        }
    }

    private async Task SaveAsync(IReadOnlyList<Write> writes)
    {
        var changes = writes.Count == 1 ? writes[0].Changes : Merge(writes);
        await using var connection = await _store.DataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await AlarmStore.SaveAsync(tx, changes, writes.Max(w => w.Now), CancellationToken.None);
        await tx.CommitAsync();
        if (writes.Count == 1)
        {
            writes[0].Done.TrySetResult();
        }
    }

    /// <summary>Each grain's changes concern its own patient: their union has no two drafts of one patient.</summary>
    private static AlarmChanges Merge(IReadOnlyList<Write> writes)
    {
        var merged = new AlarmChanges();
        foreach (var write in writes)
        {
            merged.Alarms.AddRange(write.Changes.Alarms);
            foreach (var draft in write.Changes.Drafts)
            {
                merged.Take(draft);
            }
        }

        return merged;
    }

    private sealed record Write(AlarmChanges Changes, DateTimeOffset Now)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
