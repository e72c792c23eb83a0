namespace Monitoring.Hub.Auth;

/// <summary>A stored user as login sees it, password hash included; never serialized to a client.</summary>
public sealed class UserAccount
{
    public Guid Id { get; set; }

    public string Username { get; set; } = "";

    public string PasswordHash { get; set; } = "";

    public UserRole Role { get; set; }

    public Guid? ClinicId { get; set; }

    /// <summary>Set when Auth:Throttle:HardLockAfter failures locked the account; cleared by an unlock or a reset.</summary>
    public DateTimeOffset? LockedAt { get; set; }

    public DateTimeOffset? DisabledAt { get; set; }

    public bool MustChangePassword { get; set; }

    public DateTimeOffset? PasswordChangedAt { get; set; }

    /// <summary>Hash of the Admin:Password last applied from configuration (bootstrap administrator only).</summary>
    public string? BootstrapPasswordHash { get; set; }

    public DateTimeOffset? LastLoginAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public ClinicScope ToScope() => new(Id, Username, Role, ClinicId);

    public UserResponse ToResponse() => new(Id, Username, Role, ClinicId, CreatedAt, LastLoginAt, DisabledAt is not null, DisabledAt, LockedAt is not null, LockedAt, MustChangePassword);
}
