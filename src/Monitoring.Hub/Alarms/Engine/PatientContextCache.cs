using System.Collections.Concurrent;
using Monitoring.Hub.Alarms.Storage;

namespace Monitoring.Hub.Alarms.Engine;

/// <summary>
/// This silo's copy of its patients' contexts (clinic and its time zone, name, tier, open
/// episode), all read again every <see cref="AlarmsOptions.ContextRefreshInterval"/> in one query
/// (by whichever grain finds the refresh due); a patient whose episode changed
/// (<see cref="PatientChanged"/>) is read afresh for a few seconds, since its transaction may still
/// be committing when the engine is told. Shared by the silo's grains: thread-safe.
/// </summary>
/// <remarks>
/// One cache per silo rather than one per grain: per-grain refreshes would cost a query per patient
/// every interval (2,000 a second at 10,000 streaming patients); this costs one.
/// </remarks>
internal sealed partial class PatientContextCache(TimeProvider time, AlarmsOptions options, ILogger<PatientContextCache> logger)
{
    /// <summary>Longer than an API transaction takes to commit after telling the engine.</summary>
    private static readonly TimeSpan ChangedPatientWindow = TimeSpan.FromSeconds(5);

    private readonly Dictionary<Guid, PatientContext> _contexts = [];
    // Written by API threads, read by the loop.
    private readonly ConcurrentDictionary<Guid, long> _changedPatients = new();
    private readonly Lock _lock = new();
    private long _refreshedAt;

    /// <summary>Any thread: the patient is read afresh for every batch during the next few seconds.</summary>
    public void PatientChanged(Guid patientId) =>
        _changedPatients[patientId] = time.GetTimestamp() + (long)(ChangedPatientWindow.TotalSeconds * time.TimestampFrequency);

    public void Forget(Guid patientId)
    {
        lock (_lock)
        {
            _contexts.Remove(patientId);
        }
    }

    /// <summary>
    /// The patient's cached context if it can be used as it is (cached and not changed in this hub
    /// moments ago; the cache as a whole is refreshed beside it, <see cref="RefreshInBackgroundIfDue"/>),
    /// else null: one look under the lock per grain call.
    /// </summary>
    public PatientContext? Fresh(Guid patientId)
    {
        if (options.ContextRefreshInterval <= TimeSpan.Zero)
        {
            return null;
        }

        if (_changedPatients.TryGetValue(patientId, out var until) && time.GetTimestamp() < until)
        {
            return null;
        }

        lock (_lock)
        {
            return _contexts.GetValueOrDefault(patientId);
        }
    }

    public Guid[] Stale(Guid patientId) => Fresh(patientId) is null ? [patientId] : [];

    /// <summary>
    /// When the cache as a whole is due (every <see cref="AlarmsOptions.ContextRefreshInterval"/>),
    /// reads every cached patient's context again in one query, off the caller's path: the grain that
    /// finds it due goes on with the context it has (at most one interval old). Awaited, that
    /// query stalled the grain's call, and ingestion waits for every grain call of its batch.
    /// </summary>
    public void RefreshInBackgroundIfDue(PatientLoads loads)
    {
        if (options.ContextRefreshInterval <= TimeSpan.Zero)
        {
            return;
        }

        Guid[] all;
        var now = time.GetTimestamp();
        lock (_lock)
        {
            if (now - _refreshedAt < RefreshAfter || _contexts.Count == 0)
            {
                return;
            }

            _refreshedAt = now;
            all = [.. _contexts.Keys];
        }

        _ = Task.Run(async () =>
        {
            try
            {
                var load = await loads.LoadAsync(all, [], [], [], [], CancellationToken.None);
                Store(all, load.Contexts);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The cached contexts stay; the next interval tries again.
                LogRefreshFailed(logger, all.Length, ex.Message);
            }
        }, CancellationToken.None);
    }

    /// <summary>Takes what was read for <paramref name="requested"/>; a patient not read back no longer exists.</summary>
    public void Store(Guid[] requested, Dictionary<Guid, PatientContext> loaded)
    {
        var now = time.GetTimestamp();
        lock (_lock)
        {
            foreach (var id in requested)
            {
                if (loaded.TryGetValue(id, out var context))
                {
                    _contexts[id] = context;
                }
                else
                {
                    _contexts.Remove(id);
                }
            }
        }

        foreach (var (id, until) in _changedPatients)
        {
            if (now >= until)
            {
                _changedPatients.TryRemove(id, out _);
            }
        }
    }

    /// <summary>The patient's context as cached, or null (never read, or no such patient any more).</summary>
    public PatientContext? Cached(Guid patientId)
    {
        lock (_lock)
        {
            return _contexts.GetValueOrDefault(patientId);
        }
    }

    private long RefreshAfter => (long)(options.ContextRefreshInterval.TotalSeconds * time.TimestampFrequency);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh the contexts of {Patients} patients (kept, tried again next interval): {Reason}")]
    private static partial void LogRefreshFailed(ILogger logger, int patients, string reason);
}
