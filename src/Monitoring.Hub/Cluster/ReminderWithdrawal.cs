namespace Monitoring.Hub.Cluster;

/// <summary>
/// Body of <c>POST /internal/cluster/reminders/resolve</c>: a follower asks the leader to resolve a
/// reminder alarm whose reason is gone. <see cref="Kind"/> is the alarm kind's wire name.
/// </summary>
public sealed record ReminderWithdrawal(Guid PatientId, string Kind, string Note);
