namespace Monitoring.Hub.Audit;

/// <summary>Who made a change: a signed-in user, or the hub itself (bootstrap, lock-outs).</summary>
public sealed record AuditActor(Guid? UserId, string Username)
{
    public static AuditActor System { get; } = new(null, "system");
}
