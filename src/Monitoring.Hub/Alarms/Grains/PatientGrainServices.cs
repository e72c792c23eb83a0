using Monitoring.Hub.Alarms.Engine;
using Monitoring.Hub.Alarms.Storage;
using Monitoring.Hub.Thresholds;

namespace Monitoring.Hub.Alarms.Grains;

/// <summary>
/// The silo's services a patient's grain uses, in one object the grain holds: a silo holds one grain
/// per monitored patient, and every service a grain kept in a field of its own cost each of them 8
/// bytes (thirteen of them, with a per-grain <see cref="ReadingEvaluation"/> of ten more: ~200 bytes a
/// patient, 2 MB for 10,000). The grains cancel on the host's stopping token rather than each owning
/// a token source (with its registrations, ~300 bytes a grain).
/// </summary>
internal sealed record PatientGrainServices(
    AlarmStore Store,
    ThresholdStore Thresholds,
    TimeProvider Time,
    AlarmWrites Writes,
    CommitThenPush Commit,
    PatientLoads Loads,
    PatientContextCache Contexts,
    RuleStateWriteBehind WriteBehind,
    BatchRetries Retries,
    ActivePatients Active,
    AlarmEngineStartup Startup,
    ReadingEvaluation Readings,
    IHostApplicationLifetime Lifetime)
{
    public CancellationToken Stopping => Lifetime.ApplicationStopping;
}
