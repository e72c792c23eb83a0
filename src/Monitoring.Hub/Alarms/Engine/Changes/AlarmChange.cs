using Monitoring.Hub.Alarms.Storage;

namespace Monitoring.Hub.Alarms.Engine.Changes;

/// <summary>One alarm changed by a batch: as stored before it (null when the batch opened it), as it is now, and the effects to audit.</summary>
internal sealed class AlarmChange(StoredAlarm? original, StoredAlarm current)
{
    public StoredAlarm? Original { get; } = original;

    public StoredAlarm Current { get; set; } = current;

    public bool IsNew => Original is null;

    /// <summary>Effects other than repeats (those are counted on the alarm, not audited one by one).</summary>
    public List<AuditedEffect> Audits { get; } = [];

    /// <summary>When the message that opened or last changed the alarm reached the hub; null for changes made by time or by a clinician.</summary>
    public DateTimeOffset? ReceivedAt { get; set; }
}
