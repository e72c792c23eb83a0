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
internal sealed class PatientContextCache(TimeProvider time, AlarmsOptions options)
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
    /// Patients of the batch whose context is not cached, is older than the refresh interval, or
    /// changed in this hub moments ago.
    /// </summary>
    /// <remarks>
    /// When the cache as a whole is due, every cached patient is read again with this batch's in
    /// one query: per-patient ages would spread the refreshes over nearly every batch, each then
    /// paying a round trip for a handful of rows.
    /// </remarks>
    public Guid[] Stale(Guid[] patientIds)
    {
        var now = time.GetTimestamp();
        if (options.ContextRefreshInterval <= TimeSpan.Zero)
        {
            return patientIds;
        }

        var refreshAfter = (long)(options.ContextRefreshInterval.TotalSeconds * time.TimestampFrequency);
        lock (_lock)
        {
            if (now - _refreshedAt >= refreshAfter)
            {
                _refreshedAt = now;
                return [.. patientIds.Concat(_contexts.Keys).Distinct()];
            }

            return [.. patientIds.Where(id =>
                !_contexts.ContainsKey(id) || (_changedPatients.TryGetValue(id, out var until) && now < until))];
        }
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

    public Dictionary<Guid, PatientContext> Cached(Guid[] patientIds)
    {
        var contexts = new Dictionary<Guid, PatientContext>(patientIds.Length);
        lock (_lock)
        {
            foreach (var id in patientIds)
            {
                if (_contexts.TryGetValue(id, out var cached))
                {
                    contexts[id] = cached;
                }
            }
        }

        return contexts;
    }
}
