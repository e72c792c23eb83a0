using Monitoring.Hub.Alarms.Engine;
using Monitoring.Hub.Alarms.Storage;
using Monitoring.Hub.Thresholds;

namespace Monitoring.Hub.Alarms.Grains;

/// <summary>
/// The silo's services a patient's grain uses, in one object the grain holds: a silo holds one grain
/// per monitored patient, and every service a grain kept in a field of its own cost each of them 8
/// bytes (thirteen of them, with a per-grain <see cref="ReadingEvaluation"/> of ten more: ~200 bytes a
/// patient, 2 MB for 10,000).
/// </summary>
internal sealed class PatientGrainServices(
    AlarmStore store,
    ThresholdStore thresholds,
    TimeProvider time,
    AlarmWrites writes,
    CommitThenPush commit,
    PatientLoads loads,
    PatientContextCache contexts,
    RuleStateWriteBehind writeBehind,
    BatchRetries retries,
    ActivePatients active,
    AlarmEngineStartup startup,
    ReadingEvaluation readings,
    IHostApplicationLifetime lifetime)
{
    public AlarmStore Store { get; } = store;

    public ThresholdStore Thresholds { get; } = thresholds;

    public TimeProvider Time { get; } = time;

    public AlarmWrites Writes { get; } = writes;

    public CommitThenPush Commit { get; } = commit;

    public PatientLoads Loads { get; } = loads;

    public PatientContextCache Contexts { get; } = contexts;

    public RuleStateWriteBehind WriteBehind { get; } = writeBehind;

    public BatchRetries Retries { get; } = retries;

    public ActivePatients Active { get; } = active;

    public AlarmEngineStartup Startup { get; } = startup;

    public ReadingEvaluation Readings { get; } = readings;

    /// <summary>The grains cancel on the host's stopping token rather than each owning a token source (with its registrations, ~300 bytes a grain).</summary>
    public CancellationToken Stopping { get; } = lifetime.ApplicationStopping;
}
