namespace Monitoring.Hub.Cluster;

/// <summary>Answer of <c>POST /internal/cluster/reminders/resolve</c>: whether an open alarm was resolved.</summary>
public sealed record ReminderWithdrawalResult(bool Resolved);
