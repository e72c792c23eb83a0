using Monitoring.Hub.Alarms.Storage;

namespace Monitoring.Hub.Cluster;

/// <summary>The leader's answer to a forwarded reminder: the alarm changed, or null.</summary>
public sealed record ForwardedAlarm(StoredAlarm? Alarm);
