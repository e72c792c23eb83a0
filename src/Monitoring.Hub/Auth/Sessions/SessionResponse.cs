namespace Monitoring.Hub.Auth.Sessions;

/// <summary>One of the caller's open sessions (<c>GET /api/auth/sessions</c>); <see cref="Current"/> marks the one asking.</summary>
public sealed record SessionResponse(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, string? Source, string? UserAgent, bool Current);
