namespace Monitoring.Hub.Auth;

/// <summary>
/// A signed-in session. With <see cref="MustChangePassword"/> the token only serves
/// <c>POST /api/auth/password</c> (and <c>me</c>, <c>sessions</c>, <c>logout</c>) until the password is changed.
/// </summary>
public sealed record LoginResponse(string Token, DateTimeOffset ExpiresAt, bool MustChangePassword = false);
