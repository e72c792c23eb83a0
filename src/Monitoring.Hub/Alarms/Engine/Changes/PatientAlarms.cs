using Monitoring.Domain.Alarms;
using Monitoring.Hub.Alarms.Storage;

namespace Monitoring.Hub.Alarms.Engine.Changes;

/// <summary>
/// The alarm worker's memory of one patient: the rules' state (loaded from
/// <c>patient_rule_state</c> when first needed) and the open alarms by kind (all open alarms are
/// loaded at start, so a patient with no entry has none). Only the worker touches it.
/// </summary>
internal sealed class PatientAlarms(Guid patientId)
{
    public Guid PatientId { get; } = patientId;

    /// <summary>Null until loaded.</summary>
    public PatientRuleState? State { get; set; }

    /// <summary>The episode <see cref="State"/> was built in; a new episode starts the rules afresh.</summary>
    public Guid? EpisodeId { get; set; }

    public Dictionary<AlarmKind, StoredAlarm> Open { get; set; } = [];
}
