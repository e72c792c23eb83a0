namespace Monitoring.Hub.FollowUps;

/// <summary>The <c>status</c> query of <c>GET /api/followups</c>.</summary>
public enum FollowUpStatusFilter
{
    Due,
    Overdue,
    Done,
}
