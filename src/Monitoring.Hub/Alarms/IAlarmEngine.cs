using Monitoring.Domain.Alarms;
using Monitoring.Hub.Alarms.Storage;
using Monitoring.Hub.Ingestion;

namespace Monitoring.Hub.Alarms;

/// <summary>
/// The alarm engine's one way in: ingestion, the alarm API, the reminder sweeps and the registry's
/// episode hooks call only this. What the engine decides comes out on the event stream
/// (<see cref="Events.AlarmEventStream"/>), never as the API's types.
/// </summary>
/// <remarks>
/// Every method names the patient whose alarms it concerns, is asynchronous and passes values only
/// (no shared mutable state crosses it), so one patient's engine can live anywhere: an Orleans
/// grain per patient (<see cref="Grains.IPatientAlarmGrain"/>, through <see cref="Grains.OrleansAlarmEngine"/>).
/// A patient's calls are applied in the order they are made.
/// </remarks>
public interface IAlarmEngine
{
    /// <summary>
    /// One patient's readings: one device message, or several in the order they arrived. Waits
    /// while the engine is full (backpressure, never loss); the readings are evaluated after it returns.
    /// </summary>
    ValueTask TakeReadingsAsync(Guid patientId, IReadOnlyList<AttributedReading> readings, CancellationToken cancellationToken);

    /// <summary>A clinician's "I am on it" for one of the patient's alarms.</summary>
    Task<AlarmTransition> AcknowledgeAsync(Guid patientId, AlarmCommand command, CancellationToken cancellationToken);

    /// <summary>A clinician resolves one of the patient's alarms (a high-priority one needs a note).</summary>
    Task<AlarmTransition> ResolveAsync(Guid patientId, AlarmCommand command, CancellationToken cancellationToken);

    /// <summary>
    /// A decision made outside the reading rules (a reminder sweep: missed temperature check,
    /// overdue follow-up) applied through the same lifecycle, storage, audit and push. Returns the
    /// alarm changed, or null when nothing changed (or the patient no longer exists).
    /// </summary>
    Task<StoredAlarm?> ApplyDecisionAsync(Guid patientId, AlarmDecision decision, CancellationToken cancellationToken);

    /// <summary>
    /// Resolves the patient's open alarm of <paramref name="kind"/> as <c>system</c> (audited, pushed):
    /// a reminder whose reason is gone. Returns the resolved alarm, or null when none of that kind was open.
    /// </summary>
    Task<StoredAlarm?> ResolveBySystemAsync(Guid patientId, AlarmKind kind, string note, CancellationToken cancellationToken);

    /// <summary>
    /// The patient's home-treatment episode started or ended (or the registry entry changed): the
    /// engine reads the patient afresh before it evaluates the next readings.
    /// </summary>
    Task EpisodeChangedAsync(Guid patientId, CancellationToken cancellationToken);
}
