namespace Monitoring.Hub.Audit;

/// <summary>
/// Who made a change: a signed-in user, or the hub itself (bootstrap, lock-outs); and, where
/// known, the address the request came from (<c>audit_log.source</c>).
/// </summary>
public sealed record AuditActor(Guid? UserId, string Username, string? Source = null)
{
    public static AuditActor System { get; } = new(null, "system");
}
