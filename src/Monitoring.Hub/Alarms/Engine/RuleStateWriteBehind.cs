using Monitoring.Hub.Database;
using Monitoring.Domain.Alarms;
using Monitoring.Hub.Alarms.Engine.Changes;
using Monitoring.Hub.Alarms.Storage;

namespace Monitoring.Hub.Alarms.Engine;

/// <summary>
/// Rule states that changed without any alarm changing, held in memory and written at most every
/// <see cref="AlarmsOptions.StateSaveInterval"/>, a few thousand patients per statement; a state
/// that goes with an alarm change is written in that change's transaction instead. One per silo,
/// shared by its grains (thread-safe): per-patient writes were what cost the engine most of its CPU
/// at 10,000 streaming devices (README benchmark).
/// </summary>
/// <remarks>
/// It holds a copy of each state (the state is immutable), so a write never reads a grain's memory
/// while the grain changes it. A state held and then written with an alarm change is dropped here;
/// should the write of the older copy already be under way, it lands before or after the newer
/// one: after a restart that patient's rules may start from the older state (the same trade as a
/// crash, see docs/alarms.md).
/// </remarks>
internal sealed partial class RuleStateWriteBehind(AlarmStore store, TimeProvider time, AlarmsOptions options, ILogger<RuleStateWriteBehind> logger)
{
    private readonly Dictionary<Guid, (Guid? EpisodeId, PatientRuleState State)> _unsaved = [];
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _saving = new(1, 1);
    private long _lastSave = time.GetTimestamp();

    /// <summary>Zero interval: every state is written in its batch.</summary>
    public bool Enabled => options.StateSaveInterval > TimeSpan.Zero;

    /// <summary>States waiting to be written.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _unsaved.Count;
            }
        }
    }

    /// <summary>The patient's state in memory is ahead of PostgreSQL.</summary>
    public void Hold(PatientAlarms entry)
    {
        if (entry.State is { } state)
        {
            lock (_lock)
            {
                _unsaved[entry.PatientId] = (entry.EpisodeId, state);
            }
        }
    }

    /// <summary>The patient's state was written (with an alarm change) or is forgotten.</summary>
    public void Drop(Guid patientId)
    {
        lock (_lock)
        {
            _unsaved.Remove(patientId);
        }
    }

    /// <summary>Writes what is held when the interval has passed; skips when another write is under way.</summary>
    public async Task SaveIfDueAsync(CancellationToken ct)
    {
        if (!IsDue || !_saving.Wait(0))
        {
            return;
        }

        try
        {
            await SaveDueAsync(ct);
        }
        finally
        {
            _saving.Release();
        }
    }

    /// <summary>
    /// Starts writing what is held when the interval has passed, off the caller's path; skips when
    /// another write is under way. The grain that finds it due does not wait for it: a save of 10,000
    /// states takes hundreds of milliseconds, and ingestion waits for every grain call of its batch,
    /// so an awaited save stalled every patient's readings behind it (the alarm latency's tail).
    /// </summary>
    public void SaveInBackgroundIfDue(CancellationToken ct)
    {
        if (!IsDue || !_saving.Wait(0))
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await SaveDueAsync(ct);
            }
            catch (OperationCanceledException)
            {
                // Stopping: the silo's stop writes what is held (SaveOnStopAsync).
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Nobody awaits this task: a fault is logged here, the states stay held.
                LogStatesNotSaved(logger, Count, ex.Message);
            }
            finally
            {
                _saving.Release();
            }
        }, CancellationToken.None);
    }

    /// <summary>With the save's turn taken: writes what is held if still due; a database failure keeps it for the next attempt.</summary>
    private async Task SaveDueAsync(CancellationToken ct)
    {
        try
        {
            if (IsDue)
            {
                await SaveHeldAsync(ct);
            }
        }
        catch (Exception ex) when (AlarmEngineFailures.IsDatabaseFailure(ex))
        {
            // Kept for the next attempt; the grains' own writes report an outage.
            LogStatesNotSaved(logger, Count, ex.Message);
        }
    }

    /// <summary>Stores every state held, a few thousand patients per statement.</summary>
    public async Task SaveAllAsync(CancellationToken ct)
    {
        await _saving.WaitAsync(ct);
        try
        {
            await SaveHeldAsync(ct);
        }
        finally
        {
            _saving.Release();
        }
    }

    private bool IsDue => Count > 0 && time.GetElapsedTime(Interlocked.Read(ref _lastSave)) >= options.StateSaveInterval;

    private async Task SaveHeldAsync(CancellationToken ct)
    {
        {
            Interlocked.Exchange(ref _lastSave, time.GetTimestamp());
            List<(Guid PatientId, Guid? EpisodeId, PatientRuleState State)> held;
            lock (_lock)
            {
                held = [.. _unsaved.Select(e => (e.Key, e.Value.EpisodeId, e.Value.State))];
            }

            var now = time.GetStoredUtcNow();
            foreach (var chunk in held.Chunk(2000))
            {
                await using var connection = await store.DataSource.OpenConnectionAsync(ct);
                await using var tx = await connection.BeginTransactionAsync(ct);
                await AlarmStore.SaveRuleStatesAsync(tx, chunk, now, ct);
                await tx.CommitAsync(ct);
                lock (_lock)
                {
                    foreach (var (patientId, _, state) in chunk)
                    {
                        // Only if no newer state was held meanwhile.
                        if (_unsaved.TryGetValue(patientId, out var current) && ReferenceEquals(current.State, state))
                        {
                            _unsaved.Remove(patientId);
                        }
                    }
                }
            }
        }
    }

    /// <summary>On a graceful stop (after the silo has deactivated its grains): store what is held, briefly (a crash would lose it).</summary>
    public async Task SaveOnStopAsync()
    {
        if (Count == 0)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await SaveAllAsync(timeout.Token);
        }
        catch (Exception ex) when (AlarmEngineFailures.IsDatabaseFailure(ex) || ex is OperationCanceledException)
        {
            LogStatesNotSaved(logger, Count, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not store the rule states of {Patients} patients yet (kept in memory, retried): {Reason}")]
    private static partial void LogStatesNotSaved(ILogger logger, int patients, string reason);
}
