using Monitoring.Domain.Alarms;
using Monitoring.Hub.Alarms.Engine;
using Monitoring.Hub.Alarms.Storage;
using Monitoring.Hub.Ingestion;
using Monitoring.Hub.Resilience;
using Polly;

namespace Monitoring.Hub.Alarms.Grains;

/// <summary>
/// The alarm engine's port (<see cref="IAlarmEngine"/>) on Orleans: every call goes to the
/// patient's grain (<see cref="IPatientAlarmGrain"/>), wherever in the cluster it lives. A reading
/// call returns when the grain has evaluated the readings and stored what they changed, so the
/// MQTT acknowledgement, which waits for it and for InfluxDB, never covers a reading the engine has
/// not taken.
/// </summary>
public sealed class OrleansAlarmEngine(PatientGrains grains, IServiceProvider services, TimeProvider time) : IAlarmEngine
{
    /// <summary>
    /// Attempts at a reading call the cluster could not deliver, after the first (a silo just died: its
    /// grains come back elsewhere once membership declares it dead). Eight attempts' backoffs add up to ~16 s, more than the
    /// failover of a killed or frozen hub (docs/scale-out.md), so a reading taken in that window is
    /// still evaluated, late, rather than only stored.
    /// </summary>
    private const int ReadingAttempts = 8;

    private readonly ResiliencePipeline _readingRetries = Retries.UpTo(
        ReadingAttempts, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), time, ex => ex is OrleansException or TimeoutException);

    private int _inFlight;

    /// <summary>Reading calls handed to grains and not yet answered (the engine's backlog, for metrics and diagnostics).</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    public async ValueTask TakeReadingsAsync(Guid patientId, IReadOnlyList<AttributedReading> readings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readings);
        if (readings.Count == 0)
        {
            return;
        }

        var grain = Grain(patientId);
        var batch = new ReadingBatch(readings as AttributedReading[] ?? [.. readings]);
        Interlocked.Increment(ref _inFlight);
        try
        {
            try
            {
                await grain.TakeReadingsAsync(batch).WaitAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is OrleansException or TimeoutException)
            {
                // Not delivered (a silo just died) or not answered: again, with back-off. At least
                // once: the grain may have evaluated them before the answer was lost; the rules'
                // redelivery memory keeps a reading from counting twice. The first call is made
                // outside the retry pipeline, which costs every call its state otherwise.
                await _readingRetries.ExecuteAsync(
                    static (state, ct) => new ValueTask(state.Grain.TakeReadingsAsync(state.Batch).WaitAsync(ct)),
                    (Grain: grain, Batch: batch),
                    cancellationToken);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public Task<AlarmTransition> AcknowledgeAsync(Guid patientId, AlarmCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return Grain(patientId).AcknowledgeAsync(command).WaitAsync(cancellationToken);
    }

    public Task<AlarmTransition> ResolveAsync(Guid patientId, AlarmCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return Grain(patientId).ResolveAsync(command).WaitAsync(cancellationToken);
    }

    /// <summary>Raises only: the one decision made outside the reading rules today (reminder sweeps).</summary>
    public Task<StoredAlarm?> ApplyDecisionAsync(Guid patientId, AlarmDecision decision, CancellationToken cancellationToken) =>
        decision is Raise raise
            ? Grain(patientId).RaiseAsync(raise).WaitAsync(cancellationToken)
            : throw new NotSupportedException($"The alarm engine takes raises from outside the reading rules, not {decision?.GetType().Name}.");

    public Task<StoredAlarm?> ResolveBySystemAsync(Guid patientId, AlarmKind kind, string note, CancellationToken cancellationToken) =>
        Grain(patientId).ResolveBySystemAsync((int)kind, note).WaitAsync(cancellationToken);

    public Task EpisodeChangedAsync(Guid patientId, CancellationToken cancellationToken) =>
        Grain(patientId).EpisodeChangedAsync().WaitAsync(cancellationToken);

    /// <summary>
    /// Writes the rule states this silo holds behind (tests; orderly hand-overs). Every reading call
    /// has been evaluated and its alarms stored and published when it returned, so nothing else waits.
    /// </summary>
    public Task FlushAsync(CancellationToken cancellationToken) => services.GetRequiredService<RuleStateWriteBehind>().SaveAllAsync(cancellationToken);

    private IPatientAlarmGrain Grain(Guid patientId) => grains.Get(patientId);
}
