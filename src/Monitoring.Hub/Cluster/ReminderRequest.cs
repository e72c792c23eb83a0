namespace Monitoring.Hub.Cluster;

/// <summary>
/// Body of <c>POST /internal/cluster/reminders</c>: a follower's sweep (a Hangfire job) asks the leader for a
/// reminder alarm. <see cref="Kind"/> is the alarm kind's wire name.
/// </summary>
public sealed record ReminderRequest(Guid PatientId, string Kind, string Detail, DateTimeOffset ObservedAt);
