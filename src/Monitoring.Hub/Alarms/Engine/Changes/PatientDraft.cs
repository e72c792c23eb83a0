using Monitoring.Domain.Alarms;
using Monitoring.Hub.Alarms.Storage;

namespace Monitoring.Hub.Alarms.Engine.Changes;

/// <summary>
/// A working copy of a patient's <see cref="PatientAlarms"/> for one batch: evaluated into, stored,
/// and copied back only after the transaction committed, so a failed write leaves memory as the
/// database has it.
/// </summary>
internal sealed class PatientDraft(PatientAlarms entry)
{
    public PatientAlarms Entry { get; } = entry;

    public Guid PatientId => Entry.PatientId;

    public PatientRuleState State { get; set; } = entry.State ?? PatientRuleState.Empty;

    public Guid? EpisodeId { get; set; } = entry.EpisodeId;

    private Dictionary<AlarmKind, StoredAlarm>? _open;

    /// <summary>The open alarms as the draft has them: the entry's until the draft changes one (copied then, once).</summary>
    public IReadOnlyDictionary<AlarmKind, StoredAlarm> Open => _open ?? Entry.Open;

    public void SetOpen(StoredAlarm alarm) => (_open ??= new(Entry.Open))[alarm.Record.Kind] = alarm;

    public void RemoveOpen(AlarmKind kind) => (_open ??= new(Entry.Open)).Remove(kind);

    public bool StateChanged => !ReferenceEquals(State, Entry.State) || EpisodeId != Entry.EpisodeId;

    /// <summary>
    /// Its changed rule state is stored later by the worker's write-behind
    /// (<see cref="AlarmsOptions.StateSaveInterval"/>) rather than in this batch's transaction:
    /// set when none of the patient's alarms changed and the episode is the same.
    /// </summary>
    public bool Deferred { get; set; }

    /// <summary>Its rule state is written in this batch's transaction.</summary>
    public bool SavesState => StateChanged && !Deferred;

    public void Commit()
    {
        Entry.State = State;
        Entry.EpisodeId = EpisodeId;
        if (_open is not null)
        {
            Entry.ReplaceOpen(_open);
        }
    }
}
