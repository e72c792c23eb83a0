using Monitoring.Domain.Alarms;
using Monitoring.Hub.Alarms.Storage;

namespace Monitoring.Hub.Alarms.Engine;

/// <summary>What one round read; each grain takes its own patients' share (a patient absent from <see cref="Contexts"/> no longer exists).</summary>
internal sealed record PatientLoad(
    Dictionary<Guid, PatientContext> Contexts,
    Dictionary<Guid, (PatientRuleState State, Guid? EpisodeId)> States,
    IReadOnlyList<StoredAlarm> Open);
