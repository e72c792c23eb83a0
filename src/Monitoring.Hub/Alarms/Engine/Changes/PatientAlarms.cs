using Monitoring.Domain.Alarms;
using Monitoring.Hub.Alarms.Storage;

namespace Monitoring.Hub.Alarms.Engine.Changes;

/// <summary>
/// The alarm worker's memory of one patient: the rules' state (loaded from
/// <c>patient_rule_state</c> when first needed) and the open alarms by kind. Only the worker touches it.
/// </summary>
/// <remarks>
/// A silo holds one per monitored patient and most patients have no open alarm: the dictionary is
/// made for the first one (an empty dictionary is ~80 bytes, 0.8 MB for 10,000 patients).
/// </remarks>
internal sealed class PatientAlarms(Guid patientId)
{
    private Dictionary<AlarmKind, StoredAlarm>? _open;

    public Guid PatientId { get; } = patientId;

    /// <summary>Null until loaded.</summary>
    public PatientRuleState? State { get; set; }

    /// <summary>The episode <see cref="State"/> was built in; a new episode starts the rules afresh.</summary>
    public Guid? EpisodeId { get; set; }

    public IReadOnlyDictionary<AlarmKind, StoredAlarm> Open => _open ?? (IReadOnlyDictionary<AlarmKind, StoredAlarm>)System.Collections.ObjectModel.ReadOnlyDictionary<AlarmKind, StoredAlarm>.Empty;

    /// <summary>An open alarm read from PostgreSQL.</summary>
    public void AddOpen(StoredAlarm alarm) => (_open ??= [])[alarm.Record.Kind] = alarm;

    /// <summary>A committed draft's open alarms (the draft's own copy, <see cref="PatientDraft"/>).</summary>
    public void ReplaceOpen(Dictionary<AlarmKind, StoredAlarm> open) => _open = open.Count == 0 ? null : open;
}
