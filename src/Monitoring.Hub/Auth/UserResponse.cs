namespace Monitoring.Hub.Auth;

public sealed record UserResponse(
    Guid Id,
    string Username,
    UserRole Role,
    Guid? ClinicId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastLoginAt,
    DateTimeOffset? LockedUntil);
