namespace Monitoring.Hub.Auth;

/// <summary><c>POST /api/auth/password</c>.</summary>
public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);
