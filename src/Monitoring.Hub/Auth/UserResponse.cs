namespace Monitoring.Hub.Auth;

public sealed record UserResponse(
    Guid Id,
    string Username,
    UserRole Role,
    Guid? ClinicId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastLoginAt,
    bool Disabled,
    DateTimeOffset? DisabledAt,
    bool Locked,
    DateTimeOffset? LockedAt,
    bool MustChangePassword);
