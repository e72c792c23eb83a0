namespace Monitoring.Hub.Auth;

/// <summary>What a failed login did to the account: how many failures in a row, and whether it is now locked.</summary>
public sealed record FailedLoginOutcome(int FailedLogins, DateTimeOffset? LockedUntil, bool LockedNow);
