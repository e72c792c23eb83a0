namespace Monitoring.Hub.Auth;

/// <summary>A stored user as login sees it, password hash included; never serialized to a client.</summary>
public sealed class UserAccount
{
    public Guid Id { get; set; }

    public string Username { get; set; } = "";

    public string PasswordHash { get; set; } = "";

    public UserRole Role { get; set; }

    public Guid? ClinicId { get; set; }

    public int FailedLogins { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }

    public DateTimeOffset? LastLoginAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public ClinicScope ToScope() => new(Id, Username, Role, ClinicId);

    public UserResponse ToResponse() => new(Id, Username, Role, ClinicId, CreatedAt, LastLoginAt, LockedUntil);
}
