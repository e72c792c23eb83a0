namespace Monitoring.Hub.Auth.Accounts;

/// <summary>The account after a reset and its temporary password, shown this once (never logged or audited).</summary>
public sealed record ResetPasswordResponse(UserResponse User, string TemporaryPassword);
