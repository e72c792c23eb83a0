namespace Monitoring.Hub.Auth.Sessions;

/// <summary>A session as the revocation cache keeps it: open while <see cref="EndReason"/> is null.</summary>
public sealed record StoredSession(Guid Id, Guid UserId, DateTimeOffset ExpiresAt, SessionEndReason? EndReason);
