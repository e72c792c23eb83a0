using Monitoring.Hub.Alarms.Storage;

namespace Monitoring.Hub.Alarms.Events;

/// <summary>The engine has (re)loaded its state: every open alarm, which replaces whatever a subscriber held.</summary>
public sealed record AlarmsLoaded(IReadOnlyList<StoredAlarm> Open) : AlarmEvent;
