namespace Monitoring.Hub.Auth.Accounts;

/// <summary><c>POST /api/users/{id}/reset-password</c>: a temporary password, or none to have the hub choose one.</summary>
public sealed record ResetPasswordRequest(string? TemporaryPassword);
