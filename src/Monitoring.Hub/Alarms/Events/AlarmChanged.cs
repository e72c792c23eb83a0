using Monitoring.Hub.Alarms.Storage;

namespace Monitoring.Hub.Alarms.Events;

/// <summary>
/// An alarm opened (<paramref name="Raised"/>) or changed, committed to PostgreSQL before this is
/// published. <paramref name="ReceivedAt"/> is when the reading that caused it reached the hub
/// (null for changes made by time or by a clinician), for the latency histogram.
/// </summary>
public sealed record AlarmChanged(StoredAlarm Alarm, bool Raised, DateTimeOffset? ReceivedAt) : AlarmEvent;
