namespace Monitoring.Hub.Auth.Sessions;

/// <summary><c>POST /api/auth/logout</c>: this session, or with <see cref="All"/> every session of the user.</summary>
public sealed record LogoutRequest(bool? All);
