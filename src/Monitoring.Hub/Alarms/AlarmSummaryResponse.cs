namespace Monitoring.Hub.Alarms;

/// <summary>
/// <c>GET /api/alarms/summary</c>: what the alarm wall's header shows, counted over the same open
/// alarms (active or acknowledged) <c>GET /api/alarms?state=open</c> lists for the caller.
/// <see cref="OldestUnacknowledgedHighSince"/> is the <c>activeSince</c> of the oldest high alarm
/// nobody has acknowledged (null when there is none): how long the worst wait has lasted.
/// </summary>
public sealed record AlarmSummaryResponse(
    int Open,
    int Unacknowledged,
    int High,
    int Medium,
    int Low,
    int Patients,
    DateTimeOffset? OldestUnacknowledgedHighSince,
    DateTimeOffset At);
