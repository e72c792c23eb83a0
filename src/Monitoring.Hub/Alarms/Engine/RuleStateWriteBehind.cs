using Monitoring.Hub.Alarms.Engine.Changes;
using Monitoring.Hub.Alarms.Storage;
using Monitoring.Hub.Database;

namespace Monitoring.Hub.Alarms.Engine;

/// <summary>
/// Rule states that changed without any alarm changing, held in memory and written at most every
/// <see cref="AlarmsOptions.StateSaveInterval"/>, a few thousand patients per statement; a state
/// that goes with an alarm change is written in that change's transaction instead. Owned by the
/// partition's loop.
/// </summary>
internal sealed partial class RuleStateWriteBehind(AlarmStore store, TimeProvider time, AlarmsOptions options, ILogger logger)
{
    private readonly Dictionary<Guid, PatientAlarms> _unsaved = [];
    private long _lastSave;

    /// <summary>Zero interval: every state is written in its batch.</summary>
    public bool Enabled => options.StateSaveInterval > TimeSpan.Zero;

    /// <summary>The patient's state in memory is ahead of PostgreSQL.</summary>
    public void Hold(PatientAlarms entry) => _unsaved[entry.PatientId] = entry;

    /// <summary>The patient's state was written (with an alarm change) or is forgotten.</summary>
    public void Drop(Guid patientId) => _unsaved.Remove(patientId);

    public async Task SaveIfDueAsync(CancellationToken ct)
    {
        if (_unsaved.Count > 0 && time.GetElapsedTime(_lastSave) >= options.StateSaveInterval)
        {
            try
            {
                await SaveAllAsync(ct);
            }
            catch (Exception ex) when (AlarmWorker.IsDatabaseFailure(ex))
            {
                // Kept for the next attempt; the batches' own writes report the outage.
                LogStatesNotSaved(logger, _unsaved.Count, ex.Message);
            }
        }
    }

    /// <summary>Stores every state held, a few thousand patients per statement.</summary>
    public async Task SaveAllAsync(CancellationToken ct)
    {
        _lastSave = time.GetTimestamp();
        if (_unsaved.Count == 0)
        {
            return;
        }

        var now = time.GetStoredUtcNow();
        var entries = _unsaved.Values.Where(e => e.State is not null).ToList();
        foreach (var chunk in entries.Chunk(2000))
        {
            await using var connection = await store.DataSource.OpenConnectionAsync(ct);
            await using var tx = await connection.BeginTransactionAsync(ct);
            await AlarmStore.SaveRuleStatesAsync(tx, [.. chunk.Select(e => (e.PatientId, e.EpisodeId, e.State!))], now, ct);
            await tx.CommitAsync(ct);
            foreach (var entry in chunk)
            {
                _unsaved.Remove(entry.PatientId);
            }
        }
    }

    /// <summary>On a graceful stop: store what is held, briefly (a crash would lose it).</summary>
    public async Task SaveOnStopAsync()
    {
        if (_unsaved.Count == 0)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await SaveAllAsync(timeout.Token);
        }
        catch (Exception ex) when (AlarmWorker.IsDatabaseFailure(ex) || ex is OperationCanceledException)
        {
            LogStatesNotSaved(logger, _unsaved.Count, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not store the rule states of {Patients} patients yet (kept in memory, retried): {Reason}")]
    private static partial void LogStatesNotSaved(ILogger logger, int patients, string reason);
}
